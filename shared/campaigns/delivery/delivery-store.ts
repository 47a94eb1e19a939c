import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { conditionally, db, isConditionFailure } from '../../db/client';
import type { TransactItem } from '../../db/transact';
import { CampaignStore } from '../campaign-store';
import { BATCH_PREFIX, batchKey, campaignPartition, feedbackKey, pageKey } from '../keys';

/**
 * DynamoDB access of campaign delivery, in the campaign's partition (keys: ../keys.ts):
 *
 * | item     | pk            | sk                    | attributes                                                          |
 * |----------|---------------|-----------------------|---------------------------------------------------------------------|
 * | page     | CAMPAIGN#<id> | PAGE#<n, 6 digits>    | batchIds, nextCursor (null at the end)                               |
 * | batch    | CAMPAIGN#<id> | BATCH#<page>-<n>      | subscriberIds (≤ 50), recipients (map: subscriberId → final state),  |
 * |          |               |                       | sent, suppressed, failed, countedSent/…Suppressed/…Failed, done, leaseUntil |
 * | feedback | CAMPAIGN#<id> | FEEDBACK#<bounced or complained>#<subscriberId> | at                                        |
 *
 * A page item is written in the same transaction as its batches and the campaign's `recipients` and
 * `batches` counters, on the condition that it does not exist: a page is planned once, and a repeated
 * delivery reads what the first one planned.
 *
 * A batch is sent under a lease, taken with one write that also answers the batch. Its recipients'
 * final states live in the batch item itself. Usually each chunk is one transaction
 * (`recordActions`): the states of exactly the recipients that have none yet, the batch's counters
 * (recorded and `counted` alike), the campaign's counters and the renewed lease, so nobody is
 * recorded or counted twice and the campaign's counts are exact whenever no chunk is being written.
 * When something else wrote to the batch (a retry after a crash), the careful way records what is
 * still missing (`record`) and then adds what is recorded and not yet `counted` to the campaign
 * (`settleActions`).
 */
export type FinalState = 'sent' | 'suppressed' | 'failed';

export interface Recipient {
  subscriberId: string;
  email: string;
  state: FinalState;
  reason?: string;
  messageId?: string;
  at: string;
}

export type Counts = Record<FinalState, number>;

/** The most final states one write holds (DynamoDB's expressions are at most 4 KB). */
export const RECORD_MAX = 50;

export interface Batch {
  batchId: string;
  subscriberIds: string[];
  /** Final states so far, by subscriber id. */
  recipients: Map<string, Recipient>;
  recorded: Counts;
  counted: Counts;
  done: boolean;
  leaseUntil?: number;
}

export interface PlannedPage {
  batchIds: string[];
  nextCursor: string | null;
}

const STATES: readonly FinalState[] = ['sent', 'suppressed', 'failed'];
const countedName = (state: FinalState) => `counted${state[0]!.toUpperCase()}${state.slice(1)}`;
/** How many of these final states are of each kind, added to `to` (default: none). */
export const countStates = (recipients: readonly Pick<Recipient, 'state'>[], to: Counts = { sent: 0, suppressed: 0, failed: 0 }): Counts => {
  const counts = { ...to };
  for (const recipient of recipients) counts[recipient.state]++;
  return counts;
};

const toBatch = (batchId: string, item: Record<string, unknown>): Batch => {
  const stored = (item.recipients ?? {}) as Record<string, Omit<Recipient, 'subscriberId'>>;
  return {
    batchId,
    subscriberIds: (item.subscriberIds as string[]) ?? [],
    recipients: new Map(Object.entries(stored).map(([subscriberId, value]) => [subscriberId, { subscriberId, ...value }])),
    recorded: { sent: Number(item.sent ?? 0), suppressed: Number(item.suppressed ?? 0), failed: Number(item.failed ?? 0) },
    counted: Object.fromEntries(STATES.map((state) => [state, Number(item[countedName(state)] ?? 0)])) as Counts,
    done: item.done === true,
    ...(typeof item.leaseUntil === 'number' ? { leaseUntil: item.leaseUntil } : {}),
  };
};

export const DeliveryStore = {
  /** The transaction actions that plan one page: the page, its batches, the counters (and `planned` at the end). */
  planPageActions(campaignId: string, page: number, batches: { batchId: string; subscriberIds: string[] }[], nextCursor: string | null): TransactItem[] {
    const recipients = batches.reduce((sum, batch) => sum + batch.subscriberIds.length, 0);
    return [
      {
        Put: {
          TableName: config.tableName,
          Item: { ...pageKey(campaignId, page), batchIds: batches.map((batch) => batch.batchId), nextCursor },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...batches.map(
        (batch): TransactItem => ({
          Put: {
            TableName: config.tableName,
            Item: { ...batchKey(campaignId, batch.batchId), subscriberIds: batch.subscriberIds, recipients: {}, done: false },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
      CampaignStore.counterAction(
        campaignId,
        { recipients, batches: batches.length },
        nextCursor === null ? { set: 'planned = :planned', values: { ':planned': true } } : undefined,
      ),
    ];
  },

  async page(campaignId: string, page: number): Promise<PlannedPage | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: pageKey(campaignId, page), ConsistentRead: true }));
    if (!result.Item) return undefined;
    return { batchIds: (result.Item.batchIds as string[]) ?? [], nextCursor: (result.Item.nextCursor as string | null) ?? null };
  },

  async batch(campaignId: string, batchId: string): Promise<Batch | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: batchKey(campaignId, batchId), ConsistentRead: true }));
    return result.Item ? toBatch(batchId, result.Item) : undefined;
  },

  /**
   * Takes the batch's lease until `until` (epoch ms) and answers the batch as written, in one write:
   * only when it is not done and its lease is free or has run out. Otherwise answers why not.
   */
  async take(campaignId: string, batchId: string, now: number, until: number): Promise<{ batch: Batch } | { missing: true } | { done: true } | { heldUntil: number }> {
    try {
      const result = await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: 'attribute_exists(pk) AND done = :no AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
          ExpressionAttributeValues: { ':until': until, ':no': false, ':now': now },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { batch: toBatch(batchId, result.Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The failed condition's item comes back marshalled ({ BOOL: true }, { N: "…" }) even through lib-dynamodb.
      const item = (error as { Item?: { done?: { BOOL?: boolean }; leaseUntil?: { N?: string } } }).Item;
      if (!item) return { missing: true };
      if (item.done?.BOOL === true) return { done: true };
      return { heldUntil: Number(item.leaseUntil?.N ?? now) };
    }
  },

  /** Renews the batch's lease (ours: `renewing`) until `until` (epoch ms); false when it is no longer ours or the batch is done. */
  async renewLease(campaignId: string, batchId: string, renewing: number, until: number): Promise<boolean> {
    return conditionally(
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression: 'attribute_exists(pk) AND done = :no AND leaseUntil = :mine',
          ExpressionAttributeValues: { ':until': until, ':no': false, ':mine': renewing },
        }),
      ),
    );
  },

  /**
   * The usual way a chunk is written: its final states, the batch's counters (recorded and counted
   * alike) and the campaign's counters in one transaction, which also renews the lease until
   * `renewTo` or, `finish`ing, marks the batch done and counts it. It fails, writing nothing, when the
   * lease is no longer ours, one of them was recorded meanwhile, or the batch's counts are not
   * `before` (something else wrote to it): the caller then takes the careful way (`record`, `settleActions`).
   * At most RECORD_MAX recipients, so the expressions stay within DynamoDB's 4 KB.
   */
  recordActions(
    campaignId: string,
    batchId: string,
    write: { lease: number; renewTo: number; recipients: readonly Recipient[]; before: Counts; finish: boolean },
  ): TransactItem[] {
    if (write.recipients.length > RECORD_MAX) throw new Error(`At most ${RECORD_MAX} final states in one write, got ${write.recipients.length}`);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':lease': write.lease, ':no': false };
    const sets: string[] = [];
    const conditions = ['leaseUntil = :lease', 'done = :no'];
    const counts = countStates(write.recipients);
    write.recipients.forEach(({ subscriberId, ...value }, i) => {
      names[`#r${i}`] = subscriberId;
      values[`:r${i}`] = value;
      sets.push(`recipients.#r${i} = :r${i}`);
      conditions.push(`attribute_not_exists(recipients.#r${i})`);
    });
    for (const state of STATES) {
      values[`:before${state}`] = write.before[state];
      values[`:after${state}`] = write.before[state] + counts[state];
      conditions.push(write.before[state] === 0 ? `(attribute_not_exists(${state}) OR ${state} = :before${state})` : `${state} = :before${state}`);
      sets.push(`${state} = :after${state}`, `${countedName(state)} = :after${state}`);
    }
    if (write.finish) {
      values[':yes'] = true;
      sets.push('done = :yes');
    } else {
      values[':renew'] = write.renewTo;
      sets.push('leaseUntil = :renew');
    }
    return [
      {
        Update: {
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: `SET ${sets.join(', ')}${write.finish ? ' REMOVE leaseUntil' : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
        },
      },
      CampaignStore.counterAction(campaignId, { ...counts, ...(write.finish ? { batchesDone: 1 } : {}) }),
    ];
  },

  /**
   * Records final states of recipients that have none yet, with the batch's counters, in one
   * conditional write under our lease. Answers false (nothing written) if one of them was recorded
   * meanwhile or the lease is no longer ours; the caller reads the batch again.
   */
  async record(campaignId: string, batchId: string, lease: number, recipients: readonly Recipient[]): Promise<boolean> {
    if (recipients.length === 0) return true;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':lease': lease };
    const sets: string[] = [];
    const absent: string[] = [];
    const counts = countStates(recipients);
    recipients.forEach(({ subscriberId, ...value }, i) => {
      names[`#r${i}`] = subscriberId;
      values[`:r${i}`] = value;
      sets.push(`recipients.#r${i} = :r${i}`);
      absent.push(`attribute_not_exists(recipients.#r${i})`);
    });
    const adds = STATES.filter((state) => counts[state] > 0).map((state) => {
      values[`:n${state}`] = counts[state];
      return `${state} :n${state}`;
    });
    return conditionally(
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ConditionExpression: `leaseUntil = :lease AND ${absent.join(' AND ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  },

  /**
   * Adds what the batch recorded and the campaign does not count yet to the campaign's counters, in
   * one transaction with the batch's `counted` marks (and, `finish`ing, `done` and `batchesDone`).
   * The transaction fails when the batch changed meanwhile (read it again) or is already done.
   */
  settleActions(campaignId: string, batch: Batch, finish: boolean): TransactItem[] {
    const delta = Object.fromEntries(STATES.map((state) => [state, batch.recorded[state] - batch.counted[state]])) as Counts;
    const values: Record<string, unknown> = { ':no': false };
    const conditions = ['done = :no'];
    const sets: string[] = [];
    for (const state of STATES) {
      values[`:recorded${state}`] = batch.recorded[state];
      conditions.push(batch.recorded[state] === 0 ? `(attribute_not_exists(${state}) OR ${state} = :recorded${state})` : `${state} = :recorded${state}`);
      sets.push(`${countedName(state)} = :recorded${state}`);
    }
    if (finish) {
      values[':yes'] = true;
      sets.push('done = :yes');
    }
    return [
      {
        Update: {
          TableName: config.tableName,
          Key: batchKey(campaignId, batch.batchId),
          UpdateExpression: `SET ${sets.join(', ')}${finish ? ' REMOVE leaseUntil' : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
        },
      },
      CampaignStore.counterAction(campaignId, { ...delta, ...(finish ? { batchesDone: 1 } : {}) }),
    ];
  },

  /** Gives the lease back without finishing (paused mid-batch, or a failed attempt); a lease no longer ours is left alone. */
  async releaseLease(campaignId: string, batchId: string, lease: number): Promise<void> {
    await conditionally(
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: 'REMOVE leaseUntil',
          ConditionExpression: 'leaseUntil = :mine',
          ExpressionAttributeValues: { ':mine': lease },
        }),
      ),
    );
  },

  /** The campaign's batches in order, a query page at a time (`unfinished`: only those not done). */
  async *batches(campaignId: string, options: { unfinished?: boolean; after?: string } = {}): AsyncGenerator<Batch[]> {
    let start: Record<string, unknown> | undefined = options.after ? batchKey(campaignId, options.after) : undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: config.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ...(options.unfinished ? { FilterExpression: 'done = :no' } : {}),
          ExpressionAttributeValues: { ':pk': campaignPartition(campaignId), ':prefix': BATCH_PREFIX, ...(options.unfinished ? { ':no': false } : {}) },
          ConsistentRead: true,
          Limit: 20,
          ExclusiveStartKey: start,
        }),
      );
      const batches = (page.Items ?? []).map((item) => toBatch(String(item.sk).slice(BATCH_PREFIX.length), item));
      if (batches.length) yield batches;
      start = page.LastEvaluatedKey;
    } while (start);
  },

  /**
   * A recipient's bounce or complaint, once: a marker of its own and one more on the campaign's
   * counter.
   */
  feedbackActions(campaignId: string, subscriberId: string, kind: 'bounced' | 'complained', at: Date): TransactItem[] {
    return [
      {
        Put: {
          TableName: config.tableName,
          Item: { ...feedbackKey(campaignId, kind, subscriberId), at: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      CampaignStore.counterAction(campaignId, { [kind]: 1 }),
    ];
  },
};
