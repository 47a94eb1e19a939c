import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { batchGetAll } from '../../db/batch';
import { db, isConditionFailure } from '../../db/client';
import type { TransactItem } from '../../db/transact';
import { BATCH_PREFIX, RECIPIENT_PREFIX, batchKey, campaignKey, recipientKey, type CampaignCounter } from '../keys';

/**
 * DynamoDB access of campaign delivery, in the campaign's partition (keys: ../keys.ts):
 *
 * | item      | pk            | sk                  | attributes                                                   |
 * |-----------|---------------|---------------------|--------------------------------------------------------------|
 * | page      | CAMPAIGN#<id> | PAGE#<n, 6 digits>  | batchIds, nextCursor (null at the end)                        |
 * | batch     | CAMPAIGN#<id> | BATCH#<batchId>     | subscriberIds, done, leaseUntil                               |
 * | recipient | CAMPAIGN#<id> | RCPT#<subscriberId> | state (sent, suppressed, failed), reason, email, messageId, at |
 * | feedback  | CAMPAIGN#<id> | FEEDBACK#<bounced or complained>#<subscriberId> | at                       |
 *
 * A page item is written in the same transaction as its batches and the campaign's `recipients` and
 * `batches` counters, on the condition that it does not exist: a page is planned once, and a repeated
 * delivery reads what the first one planned. A batch is sent under a lease; its recipients' final
 * states are written as they happen, each in the same transaction as the campaign's counter for it
 * and only if the recipient has none yet, so the counters always equal the final states (the live
 * progress and a paused campaign's report are exact), and nothing is counted twice.
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

export interface Batch {
  batchId: string;
  subscriberIds: string[];
  done: boolean;
  leaseUntil?: number;
}

export interface PlannedPage {
  batchIds: string[];
  nextCursor: string | null;
}

export const pageKey = (campaignId: string, page: number) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `PAGE#${String(page).padStart(6, '0')}` });

const counterUpdate = (campaignId: string, counters: Partial<Record<CampaignCounter, number>>, extra?: { set?: string; values?: Record<string, unknown> }): TransactItem => {
  const entries = Object.entries(counters).filter(([, value]) => value !== undefined);
  const names = Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name]));
  const values = Object.fromEntries(entries.map(([, value], i) => [`:c${i}`, value]));
  return {
    Update: {
      TableName: config.tableName,
      Key: campaignKey(campaignId),
      UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}${extra?.set ? ` SET ${extra.set}` : ''}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ...extra?.values },
    },
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
            Item: { ...batchKey(campaignId, batch.batchId), subscriberIds: batch.subscriberIds, done: false },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
      counterUpdate(
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
    if (!result.Item) return undefined;
    return {
      batchId,
      subscriberIds: (result.Item.subscriberIds as string[]) ?? [],
      done: result.Item.done === true,
      ...(typeof result.Item.leaseUntil === 'number' ? { leaseUntil: result.Item.leaseUntil } : {}),
    };
  },

  /** Takes or renews the batch's lease until `until` (epoch ms): only when it is not done and the lease is free or ours to renew. */
  async lease(campaignId: string, batchId: string, now: number, until: number, renewing?: number): Promise<boolean> {
    try {
      await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: 'SET leaseUntil = :until',
          ConditionExpression:
            renewing === undefined
              ? 'attribute_exists(pk) AND done = :no AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)'
              : 'attribute_exists(pk) AND done = :no AND leaseUntil = :mine',
          ExpressionAttributeValues: { ':until': until, ':no': false, ...(renewing === undefined ? { ':now': now } : { ':mine': renewing }) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  /** Gives the lease back without finishing (the campaign was paused mid-batch). */
  async releaseLease(campaignId: string, batchId: string, lease: number): Promise<void> {
    try {
      await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: 'REMOVE leaseUntil',
          ConditionExpression: 'leaseUntil = :mine',
          ExpressionAttributeValues: { ':mine': lease },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  /**
   * The transaction actions that record final states: each recipient only if it has none yet, and
   * the campaign's counters for exactly those, so the counters always equal the final states.
   */
  recordFinalsActions(campaignId: string, recipients: readonly Recipient[]): TransactItem[] {
    const counts: Record<FinalState, number> = { sent: 0, suppressed: 0, failed: 0 };
    for (const recipient of recipients) counts[recipient.state]++;
    return [
      ...recipients.map(
        (recipient): TransactItem => ({
          Put: {
            TableName: config.tableName,
            Item: { ...recipientKey(campaignId, recipient.subscriberId), ...recipient },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        }),
      ),
      counterUpdate(campaignId, counts),
    ];
  },

  /** The transaction actions that finish a batch: done, once, and counted. */
  finishBatchActions(campaignId: string, batchId: string): TransactItem[] {
    return [
      {
        Update: {
          TableName: config.tableName,
          Key: batchKey(campaignId, batchId),
          UpdateExpression: 'SET done = :yes REMOVE leaseUntil',
          ConditionExpression: 'done = :no',
          ExpressionAttributeValues: { ':yes': true, ':no': false },
        },
      },
      counterUpdate(campaignId, { batchesDone: 1 }),
    ];
  },

  /** The unfinished batches, for a resume. */
  async *unfinishedBatchIds(campaignId: string): AsyncGenerator<string[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: config.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: 'done = :no',
          ProjectionExpression: 'sk',
          ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}`, ':prefix': BATCH_PREFIX, ':no': false },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      const ids = (page.Items ?? []).map((item) => String(item.sk).slice(BATCH_PREFIX.length));
      if (ids.length) yield ids;
      start = page.LastEvaluatedKey;
    } while (start);
  },

  async recipients(campaignId: string, subscriberIds: readonly string[]): Promise<Map<string, Recipient>> {
    const items = await batchGetAll(subscriberIds.map((id) => recipientKey(campaignId, id)));
    return new Map(items.map((item) => [String(item.subscriberId), toRecipient(item)]));
  },

  /**
   * Who got it and who did not, and why: recipients in subscriber-id order, optionally of one state,
   * `limit` at a time. `queued` are the planned ones without a final state yet (read from the batches).
   */
  async list(
    campaignId: string,
    options: { state?: FinalState; cursor?: string | null; limit?: number } = {},
  ): Promise<{ recipients: Recipient[]; cursor: string | null }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
    const start = options.cursor ? decodeCursor(options.cursor, campaignId) : undefined;
    const recipients: Recipient[] = [];
    let exclusive = start;
    // A filtered query may answer short pages: read on until the page is full or the partition ends.
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: config.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ...(options.state ? { FilterExpression: '#state = :state', ExpressionAttributeNames: { '#state': 'state' } } : {}),
          ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}`, ':prefix': RECIPIENT_PREFIX, ...(options.state ? { ':state': options.state } : {}) },
          ConsistentRead: true,
          Limit: limit - recipients.length,
          ExclusiveStartKey: exclusive,
        }),
      );
      recipients.push(...(page.Items ?? []).map(toRecipient));
      exclusive = page.LastEvaluatedKey;
    } while (exclusive && recipients.length < limit);
    return { recipients, cursor: exclusive ? encodeCursor(exclusive) : null };
  },

  /**
   * A recipient's bounce or complaint, once: a marker of its own (the feedback may arrive before the
   * recipient's final state is written) and one more on the campaign's counter.
   */
  feedbackActions(campaignId: string, subscriberId: string, kind: 'bounced' | 'complained', at: Date): TransactItem[] {
    return [
      {
        Put: {
          TableName: config.tableName,
          Item: { pk: `CAMPAIGN#${campaignId}`, sk: `FEEDBACK#${kind}#${subscriberId}`, at: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      counterUpdate(campaignId, { [kind]: 1 }),
    ];
  },
};

const toRecipient = (item: Record<string, unknown>): Recipient => ({
  subscriberId: String(item.subscriberId),
  email: String(item.email ?? ''),
  state: item.state as FinalState,
  ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
  ...(typeof item.messageId === 'string' ? { messageId: item.messageId } : {}),
  at: String(item.at ?? ''),
});

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify({ sk: key.sk })).toString('base64url');

export class InvalidRecipientCursorError extends Error {
  constructor() {
    super('This page link is not valid');
    this.name = 'InvalidRecipientCursorError';
  }
}

const decodeCursor = (cursor: string, campaignId: string): Record<string, unknown> => {
  try {
    const { sk } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { sk?: unknown };
    if (typeof sk !== 'string' || !sk.startsWith(RECIPIENT_PREFIX) || sk.length > 200) throw new Error('bad');
    return { pk: `CAMPAIGN#${campaignId}`, sk };
  } catch {
    throw new InvalidRecipientCursorError();
  }
};
