import { transact } from '../../db/transact';
import type { DataOf } from '../../events/define';
import { logger } from '../../log';
import { sendToSes } from '../../mail/send';
import { stillGranted, takeSendSlots, type Grant } from '../../mail/send-rate';
import { Suppressions } from '../../mail/suppression-store';
import { preferencesUrl, unsubscribeUrl, type Subscriber, Subscribers, Topics, topicNames } from '../../mailing-list/port';
import { CampaignStore } from '../campaign-store';
import type { CampaignBatchDue } from '../events';
import { renderCampaignMail } from '../render';
import { countStates, DeliveryStore, RECORD_MAX, type Batch, type Counts, type FinalState, type Recipient } from './delivery-store';
import { checkCompletion, pauseIfUnhealthy } from './progress';
import { normalizeEmail } from '../../kernel/email';

/**
 * Sending one batch of a campaign. Every recipient ends in a final state, each at most once:
 *
 * 1. The batch is taken under a lease (a duplicate delivery waits for it, then finds it done; a
 *    crashed attempt's lease runs out and its retry takes over). Recipients already final (a retry
 *    after a partial run) are skipped.
 * 2. Unsubscribed, unconfirmed or deleted subscribers and suppressed addresses (bounce, complaint)
 *    are `suppressed` with the reason.
 * 3. The rest are sent in chunks at the allowed rate (shared/mail/send-rate.ts), PARALLEL_SENDS at a
 *    time; each chunk's final states and counts are written in one transaction as soon as it is sent,
 *    renewing the lease. SES throttling is retried with backoff (the SDK, then here), never dropped;
 *    a refusal of one mail (a bad address) is `failed` with SES's reason; anything else stops new
 *    sends, what was sent is written, and the attempt fails and is retried.
 * 4. The last chunk also marks the batch done and counts it on the campaign, once.
 * 5. The campaign pauses by itself on too many bounces or complaints, and is `sent` when its last
 *    batch is done (asked again by every later delivery of a done batch, so an attempt failing
 *    between the two is made good by its retry). A batch of a campaign no longer sending (paused,
 *    or paused and then cancelled) stops between chunks; a paused campaign's batch waits for the
 *    resume, a cancelled campaign's unsent recipients end `failed`, "the campaign was cancelled".
 *
 * DynamoDB work per batch of 50, usually: the lease (one write answering the batch) with the
 * campaign read beside it, the subscribers and their suppressions (two batch reads), per chunk a
 * rate grant and one transaction, a campaign read between chunks and one at the end.
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
let topicCache: { until: number; topics: Awaited<ReturnType<typeof Topics.list>> } | undefined;
const topicsNow = async () => {
  if (!topicCache || topicCache.until < Date.now()) topicCache = { until: Date.now() + 60_000, topics: await Topics.list() };
  return topicCache.topics;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a lease held by another attempt: it finishes (done), or its lease runs out (ours). */
const takeBatch = async (campaignId: string, batchId: string): Promise<{ lease: number; batch: Batch } | 'done' | 'missing'> => {
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    const now = Date.now();
    const lease = now + LEASE_MS;
    // The batch as the lease was written: nobody can record in it while the lease is ours, and a
    // record an expired holder makes after it is caught by the record conditions.
    const taken = await DeliveryStore.take(campaignId, batchId, now, lease);
    if ('batch' in taken) return { lease, batch: taken.batch };
    if ('missing' in taken) return 'missing';
    if ('done' in taken) return 'done';
    if (taken.heldUntil - now > LEASE_MS + 5_000) throw new BatchInProgressError();
    await sleep(Math.min(wait, Math.max(50, taken.heldUntil - now + 50)));
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

const sameCounts = (a: Counts, b: Counts) => a.sent === b.sent && a.suppressed === b.suppressed && a.failed === b.failed;

export const sendCampaignBatch = async (data: DataOf<typeof CampaignBatchDue>, at: Date): Promise<void> => {
  const { campaignId, batchId } = data;
  // The campaign and the lease at once: a batch of a campaign that cannot send gives the lease back.
  const [read, take] = await Promise.allSettled([CampaignStore.get(campaignId), takeBatch(campaignId, batchId)]);
  if (take.status === 'rejected') throw take.reason;
  const taken = take.value;
  if (taken === 'missing') return;
  // A retry or duplicate of a done batch still asks whether the campaign is complete: the attempt
  // that settled the last batch may have failed before it marked the campaign sent.
  if (taken === 'done') {
    await checkCompletion(campaignId, at);
    return;
  }
  let lease = taken.lease;
  if (read.status === 'rejected') {
    // The retry takes over at once instead of waiting for the lease to run out.
    await DeliveryStore.releaseLease(campaignId, batchId, lease).catch(() => undefined);
    throw read.reason;
  }
  const campaign = read.value;
  if (!campaign || !['sending', 'cancelled'].includes(campaign.status)) {
    if (campaign?.status === 'paused') logger.info('Campaign batch waits for the resume', { campaignId, batchId });
    await DeliveryStore.releaseLease(campaignId, batchId, lease);
    return;
  }
  try {
    const { batch } = taken;
    const todo = batch.subscriberIds.filter((id) => !batch.recipients.has(id));
    /**
     * What this batch has recorded, which the campaign counts too, kept while we hold the lease
     * (undefined: something else wrote to the batch, so every write takes the careful way).
     */
    let tally: Counts | undefined = sameCounts(batch.recorded, batch.counted) ? { ...batch.recorded } : undefined;
    let finished = false;

    /**
     * Writes a chunk's final states and counts them (counts are live and exact), renewing the lease;
     * the chunk that makes every recipient final also finishes the batch. One transaction, unless
     * something else wrote to the batch: then each recipient not yet final is recorded and the
     * batch's counts are settled from what it holds.
     */
    const recordAndCount = async (recipients: readonly Recipient[], finish: boolean) => {
      if (recipients.length === 0) return;
      const renewTo = Date.now() + LEASE_MS;
      if (tally && (await transact(DeliveryStore.recordActions(campaignId, batchId, { lease, renewTo, recipients, before: tally, finish }))).ok) {
        tally = countStates(recipients, tally);
        if (finish) finished = true;
        else lease = renewTo;
        return;
      }
      tally = undefined;
      await recordFinals(campaignId, batchId, lease, recipients);
      await settle(campaignId, batchId, false);
      if (!(await DeliveryStore.renewLease(campaignId, batchId, lease, renewTo))) throw new BatchInProgressError();
      lease = renewTo;
    };

    const subscribers = await Subscribers.getMany(todo);
    const byId = new Map(subscribers.map((subscriber) => [subscriber.id, subscriber]));
    const suppressions = await Suppressions.findMany(todo.flatMap((id) => (byId.get(id) ? [byId.get(id)!.email] : [])));

    /** Final without a send (unsubscribed, suppressed, cancelled): written with the first chunk. */
    let unsent: Recipient[] = [];
    const toSend: Subscriber[] = [];
    for (const id of todo) {
      const subscriber = byId.get(id);
      if (campaign.status === 'cancelled') unsent.push(final(id, subscriber?.email ?? '', 'failed', at, { reason: 'The campaign was cancelled before this was sent' }));
      else if (!subscriber) unsent.push(final(id, '', 'suppressed', at, { reason: 'No longer on the list' }));
      else if (subscriber.status !== 'confirmed') unsent.push(final(id, subscriber.email, 'suppressed', at, { reason: subscriber.status === 'unsubscribed' ? 'Unsubscribed' : 'Not confirmed' }));
      else if (suppressions.has(normalizeEmail(subscriber.email))) {
        unsent.push(final(id, subscriber.email, 'suppressed', at, { reason: suppressions.get(normalizeEmail(subscriber.email)) === 'bounce' ? 'The address bounced before' : 'The address complained before' }));
      } else toSend.push(subscriber);
    }
    if (toSend.length === 0) await recordAndCount(unsent, true);

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

    /**
     * Sends the chunk, PARALLEL_SENDS at a time, starting each send only while the grant is good
     * (a send started later might arrive in a second nobody counted it in). Answers what was sent,
     * the first of the chunk in order; an error stops new sends, and what was sent is still written
     * before the error goes on (so a retry does not send it again).
     */
    const sendChunk = async (chunk: readonly Subscriber[], grant: Grant): Promise<{ done: Recipient[]; error?: unknown }> => {
      const done: Recipient[] = [];
      let next = 0;
      let failure: { error: unknown } | undefined;
      const worker = async () => {
        while (!failure && next < chunk.length && stillGranted(grant)) {
          const subscriber = chunk[next++]!;
          try {
            done.push(await sendOne(subscriber));
          } catch (error) {
            failure ??= { error };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, chunk.length) }, worker));
      return failure ? { done, error: failure.error } : { done };
    };

    let stopped: string | undefined;
    for (let start = 0; start < toSend.length; ) {
      if (start > 0) {
        // Between chunks: a campaign no longer sending stops here: paused by itself (too many
        // bounces or complaints so far), or paused and then cancelled by the organizer meanwhile.
        const current = await pauseIfUnhealthy(campaignId, at);
        if (current?.status !== 'sending') {
          stopped = current?.status ?? 'missing';
          break;
        }
      }
      const grant = await takeSendSlots(Math.min(toSend.length - start, RECORD_MAX - unsent.length));
      const { done, error } = await sendChunk(toSend.slice(start, start + grant.count), grant);
      start += done.length;
      await recordAndCount([...unsent, ...done], start === toSend.length && !error);
      unsent = [];
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows, as caught, what a send threw (the SES or DynamoDB client's error), so the retry and the DLQ see the original
      if (error) throw error;
    }
    if (stopped) {
      // What was sent counts already, so the report is exact. The rest waits for the resume, or for
      // the cancellation's delivery of this batch, which closes it as failed.
      await DeliveryStore.releaseLease(campaignId, batchId, lease);
      logger.info('Campaign batch stopped', { campaignId, batchId, status: stopped });
      return;
    }

    const repeated = !finished;
    if (!finished) finished = await settle(campaignId, batchId, true);
    logger.info('Campaign batch done', { campaignId, batchId, repeated });

    const now = await pauseIfUnhealthy(campaignId, at);
    // Only the batch that may be the last one asks to mark the campaign sent.
    if (now?.status === 'sending' && now.planned && now.counters.batchesDone >= now.counters.batches) await checkCompletion(campaignId, at);
  } catch (error) {
    // Let the retry take over at once instead of waiting for the lease to run out.
    await DeliveryStore.releaseLease(campaignId, batchId, lease).catch(() => undefined);
    throw error;
  }
};
