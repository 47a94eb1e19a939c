import { transact } from '../../db/transact';
import type { DataOf } from '../../events/define';
import { logger } from '../../log';
import { sendToSes } from '../../mail/send';
import { stillGranted, takeSendSlots } from '../../mail/send-rate';
import { Suppressions } from '../../mail/suppression-store';
import { normalizeEmail } from '../../registration/model';
import { preferencesUrl, unsubscribeUrl } from '../../subscribers/links';
import type { Subscriber } from '../../subscribers/model';
import { SubscriberStore } from '../../subscribers/subscriber-store';
import { TopicStore } from '../../subscribers/topic-store';
import { topicNames } from '../../subscribers/topics';
import { CampaignStore } from '../campaign-store';
import type { CampaignBatchDue } from '../events';
import { renderCampaignMail } from '../render';
import { DeliveryStore, type Batch, type FinalState, type Recipient } from './delivery-store';
import { checkCompletion, pauseIfUnhealthy } from './progress';

/**
 * Sending one batch of a campaign. Every recipient ends in a final state, each at most once:
 *
 * 1. The batch is taken under a lease (a duplicate delivery waits for it, then finds it done; a
 *    crashed attempt's lease runs out and its retry takes over). Recipients already final (a retry
 *    after a partial run) are skipped.
 * 2. Unsubscribed, unconfirmed or deleted subscribers and suppressed addresses (bounce, complaint)
 *    are `suppressed` with the reason.
 * 3. The rest are sent in chunks at the allowed rate (shared/mail/send-rate.ts); each chunk's final
 *    states are written as soon as it is sent. SES throttling is retried with backoff (the SDK, then
 *    here), never dropped; a refusal of one mail (a bad address) is `failed` with SES's reason;
 *    anything else fails the attempt, which is retried.
 * 4. The batch is marked done and its counts added to the campaign in one transaction, once.
 * 5. The campaign pauses by itself on too many bounces or complaints, and is `sent` when its last
 *    batch is done. A paused campaign's batch stops between chunks and waits for the resume; a
 *    cancelled campaign's unsent recipients end `failed`, "the campaign was cancelled".
 */
export const LEASE_MS = 60_000;
/** How many sends run at once within a chunk. */
const PARALLEL_SENDS = 8;

export class BatchInProgressError extends Error {
  constructor() {
    super('Another attempt is sending this batch; retry later');
    this.name = 'BatchInProgressError';
  }
}

/** SES's "not now": retried, never a final state. */
const isThrottling = (error: unknown): boolean => {
  const name = (error as { name?: string })?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 429 || ['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'LimitExceededException'].includes(name);
};

/** SES refusing this one mail for good: the recipient is `failed` with the reason. */
const isPermanentRefusal = (error: unknown): boolean =>
  ['MessageRejected', 'BadRequestException', 'InvalidParameterValue'].includes((error as { name?: string })?.name ?? '');

/** The topics, read at most once a minute per container (only their names go into the footer). */
let topicCache: { until: number; topics: Awaited<ReturnType<typeof TopicStore.list>> } | undefined;
const topicsNow = async () => {
  if (!topicCache || topicCache.until < Date.now()) topicCache = { until: Date.now() + 60_000, topics: await TopicStore.list() };
  return topicCache.topics;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a lease held by another attempt: it finishes (done), or its lease runs out (ours). */
const takeBatch = async (campaignId: string, batchId: string): Promise<{ lease: number; batch: Batch } | 'done' | 'missing'> => {
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    const batch = await DeliveryStore.batch(campaignId, batchId);
    if (!batch) return 'missing';
    if (batch.done) return 'done';
    const now = Date.now();
    const lease = now + LEASE_MS;
    // The batch as read just before the lease: nobody can record in it while the lease is ours, and
    // a record an expired holder made after this read is caught by record()'s conditions.
    if (await DeliveryStore.lease(campaignId, batchId, now, lease)) return { lease, batch };
    const heldUntil = batch.leaseUntil ?? now;
    if (heldUntil - now > LEASE_MS + 5_000) throw new BatchInProgressError();
    await sleep(Math.min(wait, Math.max(50, heldUntil - now + 50)));
  }
};

/**
 * Records final states under our lease; those recorded meanwhile by an earlier attempt are left as
 * they are. Answers true when all were recorded by this call in one write (the caller's tally holds).
 */
const recordFinals = async (campaignId: string, batchId: string, lease: number, recipients: readonly Recipient[]): Promise<boolean> => {
  let pending = [...recipients];
  let clean = true;
  while (pending.length > 0) {
    if (await DeliveryStore.record(campaignId, batchId, lease, pending)) return clean;
    clean = false;
    const batch = await DeliveryStore.batch(campaignId, batchId);
    if (!batch || batch.done || batch.leaseUntil !== lease) throw new BatchInProgressError();
    const rest = pending.filter((recipient) => !batch.recipients.has(recipient.subscriberId));
    if (rest.length === pending.length) throw new Error(`Recording final states in batch ${batchId} of campaign ${campaignId} was refused; retry`);
    pending = rest;
  }
  return clean;
};

/** Adds the batch's recorded counts to the campaign (and, finishing, marks it done), once. */
const settle = async (campaignId: string, batchId: string, finish: boolean): Promise<boolean> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const batch = await DeliveryStore.batch(campaignId, batchId);
    if (!batch || batch.done) return false;
    if (finish && batch.recipients.size !== batch.subscriberIds.length) {
      throw new Error(`Batch ${batchId} of campaign ${campaignId}: ${batch.subscriberIds.length - batch.recipients.size} recipients without a final state`);
    }
    if ((await transact(DeliveryStore.settleActions(campaignId, batch, finish))).ok) return true;
  }
  throw new Error(`Settling batch ${batchId} of campaign ${campaignId} kept conflicting; retry`);
};

const final = (subscriberId: string, email: string, state: FinalState, at: Date, extra: { reason?: string; messageId?: string } = {}): Recipient => ({
  subscriberId,
  email,
  state,
  at: at.toISOString(),
  ...extra,
});

export const sendCampaignBatch = async (data: DataOf<typeof CampaignBatchDue>, at: Date): Promise<void> => {
  const { campaignId, batchId } = data;
  const campaign = await CampaignStore.get(campaignId);
  if (!campaign) return;
  if (campaign.status === 'paused') {
    logger.info('Campaign batch waits for the resume', { campaignId, batchId });
    return;
  }
  if (!['sending', 'cancelled'].includes(campaign.status)) return;

  const taken = await takeBatch(campaignId, batchId);
  if (taken === 'done' || taken === 'missing') return;
  let lease = taken.lease;
  try {
    const { batch } = taken;

    const todo = batch.subscriberIds.filter((id) => !batch.recipients.has(id));
    // What this batch recorded and what the campaign counts of it, kept in step while we hold the lease.
    let tally: Pick<Batch, 'recorded' | 'counted'> | undefined = { recorded: { ...batch.recorded }, counted: { ...batch.counted } };
    let finished = false;
    /**
     * Records a chunk and, at once, adds it to the campaign's counters (counts are live and exact);
     * the chunk that makes every recipient final also finishes the batch, in the same transaction.
     */
    const recordAndCount = async (recipients: readonly Recipient[]) => {
      if (recipients.length === 0) return;
      const clean = await recordFinals(campaignId, batchId, lease, recipients);
      if (clean && tally) {
        for (const recipient of recipients) tally.recorded[recipient.state]++;
        const finishing = tally.recorded.sent + tally.recorded.suppressed + tally.recorded.failed === batch.subscriberIds.length;
        const snapshot: Batch = { ...batch, ...tally, recipients: new Map(), done: false };
        if ((await transact(DeliveryStore.settleActions(campaignId, snapshot, finishing))).ok) {
          tally.counted = { ...tally.recorded };
          finished = finishing;
          return;
        }
      }
      // Something else wrote to this batch: count from what it holds.
      tally = undefined;
      await settle(campaignId, batchId, false);
    };
    const subscribers = await SubscriberStore.getMany(todo);
    const byId = new Map(subscribers.map((subscriber) => [subscriber.id, subscriber]));
    const suppressions = await Suppressions.findMany(todo.flatMap((id) => (byId.get(id) ? [byId.get(id)!.email] : [])));

    const finals: Recipient[] = [];
    const toSend: Subscriber[] = [];
    for (const id of todo) {
      const subscriber = byId.get(id);
      if (campaign.status === 'cancelled') finals.push(final(id, subscriber?.email ?? '', 'failed', at, { reason: 'The campaign was cancelled before this was sent' }));
      else if (!subscriber) finals.push(final(id, '', 'suppressed', at, { reason: 'No longer on the list' }));
      else if (subscriber.status !== 'confirmed') finals.push(final(id, subscriber.email, 'suppressed', at, { reason: subscriber.status === 'unsubscribed' ? 'Unsubscribed' : 'Not confirmed' }));
      else if (suppressions.has(normalizeEmail(subscriber.email))) {
        finals.push(final(id, subscriber.email, 'suppressed', at, { reason: suppressions.get(normalizeEmail(subscriber.email)) === 'bounce' ? 'The address bounced before' : 'The address complained before' }));
      } else toSend.push(subscriber);
    }
    await recordAndCount(finals);

    const names = toSend.length ? topicNames(campaign.topics, await topicsNow()) : [];
    const sendOne = async (subscriber: Subscriber): Promise<Recipient> => {
      const mail = renderCampaignMail({
        campaign,
        subscriber: subscriber.displayName ? { displayName: subscriber.displayName } : {},
        unsubscribeUrl: await unsubscribeUrl(subscriber.id, campaignId, at),
        preferencesUrl: await preferencesUrl(subscriber.id, at),
        topicNames: names,
      });
      for (let attempt = 1; ; attempt++) {
        try {
          const messageId = await sendToSes({ to: subscriber.email, ...mail, tags: { campaign: campaignId, subscriber: subscriber.id } });
          return final(subscriber.id, subscriber.email, 'sent', at, messageId ? { messageId } : {});
        } catch (error) {
          if (isPermanentRefusal(error)) return final(subscriber.id, subscriber.email, 'failed', at, { reason: `SES refused it: ${(error as Error).message}` });
          if (!isThrottling(error) || attempt >= 5) throw error;
          // Back off, then take a slot again: a retry counts against the rate like any send.
          await sleep(250 * 2 ** attempt);
          await takeSendSlots(1);
        }
      }
    };

    let stopped: 'paused' | undefined;
    for (let start = 0; start < toSend.length; ) {
      // Between chunks: a paused campaign (by itself or by the organizer) stops here.
      const current = start === 0 ? campaign : await CampaignStore.get(campaignId);
      if (current?.status === 'paused') {
        stopped = 'paused';
        break;
      }
      const grant = await takeSendSlots(toSend.length - start);
      const chunk = toSend.slice(start, start + grant.count);
      const sent: Recipient[] = [];
      for (let i = 0; i < chunk.length; i += PARALLEL_SENDS) {
        // Only while the grant is good: sends that start later might arrive in a second nobody counted them in.
        if (!stillGranted(grant)) break;
        sent.push(...(await Promise.all(chunk.slice(i, i + PARALLEL_SENDS).map(sendOne))));
      }
      await recordAndCount(sent);
      start += sent.length;
      // The campaign may have to stop now (too many bounces or complaints so far).
      if (start < toSend.length && (await pauseIfUnhealthy(campaignId, at))?.status === 'paused') {
        stopped = 'paused';
        break;
      }
      if (start < toSend.length) {
        const renewed = Date.now() + LEASE_MS;
        if (!(await DeliveryStore.lease(campaignId, batchId, Date.now(), renewed, lease))) throw new BatchInProgressError();
        lease = renewed;
      }
    }
    if (stopped) {
      // What was sent counts now, so a paused campaign's report is exact; the rest waits for the resume.
      await settle(campaignId, batchId, false);
      await DeliveryStore.releaseLease(campaignId, batchId, lease);
      logger.info('Campaign batch stopped: paused', { campaignId, batchId });
      return;
    }

    if (!finished) finished = await settle(campaignId, batchId, true);
    logger.info('Campaign batch done', { campaignId, batchId, repeated: !finished });

    const now = await pauseIfUnhealthy(campaignId, at);
    if (now?.status === 'sending') await checkCompletion(campaignId, at);
  } catch (error) {
    // Let the retry take over at once instead of waiting for the lease to run out.
    await DeliveryStore.releaseLease(campaignId, batchId, lease).catch(() => undefined);
    throw error;
  }
};
