import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CampaignStore } from '../../shared/campaigns/campaign-store';
import { config } from '../../shared/config';
import { db } from '../../shared/db/client';
import { takeSendSlots } from '../../shared/mail/send-rate';
import { Suppressions } from '../../shared/mail/suppression-store';
import { SubscriberStore } from '../../shared/mailing-list/subscriber-store';
import { useRuntimeInThisProcess, type Email, type LocalHandle } from '../support/local';
import { pool } from './pool';
import { emulatorClient, resend } from './raw-ses';
import { normalizeEmail } from '../../shared/kernel/email';

/**
 * A second baseline for the campaign benchmark: the least a sender could do and still keep the
 * issue's delivery promises at their barest, so the report can tell what the machine costs from what
 * Hearth's design costs. Per 50 recipients, in a straight loop in this process:
 *
 * - read their subscriber items and their suppressions (two batch reads, the real stores);
 * - send the same mails the campaign sent, 8 at a time, to the same SES emulator;
 * - write their final states and the count in one transaction (a batch item and a counter).
 *
 * Bare, it has none of what the issue also asks of Hearth: no events or fan-out planning, no lease (a
 * duplicate delivery would send twice), no shared rate counter, no pause or cancel checks, no retries.
 * With `required` (a campaign id and the configured rate), it adds per batch only the three requests
 * those promises cost at the least: the campaign's status read (a pause or cancel stops sending), a
 * lease on the batch (one conditional write; the final write is conditional on it), and a grant from
 * Hearth's own shared send-rate counter (shared/mail/send-rate.ts). Still no events, planning,
 * per-recipient rendering or retries.
 *
 * Like the raw baseline, it runs at a few concurrencies (batches at once) and the fastest counts.
 * It writes under its own key prefix (BENCHFLOOR#), which nothing else reads.
 *
 * `subscriberIds` maps each mail's address to the subscriber it went to. The emulator is emptied
 * after each run.
 */
const BATCH = 50;
const PARALLEL_SENDS = 8;

export const minimalSenderSeconds = async (
  target: LocalHandle,
  mails: readonly Email[],
  subscriberIds: ReadonlyMap<string, string>,
  options: { required?: { campaignId: string; sendRate: number }; concurrencies?: number[] } = {},
) => {
  // Hearth's stores in this process, against the runtime's table.
  await useRuntimeInThisProcess(target);
  const ses = emulatorClient(target.mailUrl);
  const byId = new Map(mails.map((mail) => [subscriberIds.get(mail.destination.to[0]!)!, mail]));
  const ids = [...byId.keys()];
  if (ids.some((id) => id === undefined)) throw new Error('A mail went to an address that is not a seeded subscriber');
  const run = randomUUID();

  const batchKey = (n: number) => ({ pk: `BENCHFLOOR#${run}`, sk: `BATCH#${n}` });
  /** The campaign's status and the batch's lease, at once (as Hearth takes them). */
  const takeBatch = async (n: number, campaignId: string) => {
    const until = Date.now() + 60_000;
    const [campaign] = await Promise.all([
      CampaignStore.get(campaignId),
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: batchKey(n),
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':until': until, ':now': Date.now() },
        }),
      ),
    ]);
    if (!campaign) throw new Error(`No campaign ${campaignId}`);
    return until;
  };

  const sendBatch = async (n: number) => {
    const lease = options.required ? await takeBatch(n, options.required.campaignId) : undefined;
    const subscribers = await SubscriberStore.getMany(ids.slice(n * BATCH, n * BATCH + BATCH));
    const suppressed = await Suppressions.findMany(subscribers.map((subscriber) => subscriber.email));
    const toSend = subscribers.filter((subscriber) => subscriber.status === 'confirmed' && !suppressed.has(normalizeEmail(subscriber.email)));
    const states: Record<string, { state: 'sent'; messageId?: string; at: string }> = {};
    if (options.required && toSend.length > 0) {
      const grant = await takeSendSlots(toSend.length, options.required.sendRate);
      if (grant.count < toSend.length) throw new Error(`The send-rate counter granted ${grant.count} of ${toSend.length}`);
    }
    await pool(toSend.length, PARALLEL_SENDS, async (i) => {
      const subscriber = toSend[i]!;
      const answer = await ses.send(resend(byId.get(subscriber.id)!));
      states[subscriber.id] = { state: 'sent', ...(answer.MessageId ? { messageId: answer.MessageId } : {}), at: new Date().toISOString() };
    });
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config.tableName,
              Item: { ...batchKey(n), recipients: states, sent: toSend.length, done: true },
              ...(lease ? { ConditionExpression: 'leaseUntil = :lease', ExpressionAttributeValues: { ':lease': lease } } : {}),
            },
          },
          {
            Update: {
              TableName: config.tableName,
              Key: { pk: `BENCHFLOOR#${run}`, sk: 'COUNTS' },
              UpdateExpression: 'ADD sent :sent',
              ExpressionAttributeValues: { ':sent': toSend.length },
            },
          },
        ],
      }),
    );
  };

  const seconds: Record<number, number> = {};
  for (const concurrency of options.concurrencies ?? [8, 16]) {
    seconds[concurrency] = await pool(Math.ceil(ids.length / BATCH), concurrency, sendBatch);
    const stored = (await target.mails()).length;
    if (stored !== ids.length) throw new Error(`The minimal sender sent ${stored} mails, expected ${ids.length}`);
    await target.clearMails();
  }
  return { seconds: Math.min(...Object.values(seconds)), byConcurrency: seconds };
};
