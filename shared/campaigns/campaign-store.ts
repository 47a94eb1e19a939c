import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import type { TransactItem } from '../db/transact';
import { db, isConditionFailure } from '../db/client';
import { CAMPAIGN_COUNTERS, campaignIndex, campaignKey, type CampaignCounter } from './keys';
import { CAMPAIGN_STATUSES, emptyCounters, type Campaign, type CampaignCounters, type CampaignStatus } from './model';

/**
 * DynamoDB access for campaign items (keys: ./keys.ts). The counters are top-level numbers on the
 * item, each changed only by ADD (`counterAction`), in the transaction that makes the count true:
 * the delivery engine's, or an unsubscribe's; a status change here never writes them, so it cannot
 * undo a count.
 */

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

const fromItem = (item: Record<string, unknown>): Campaign => {
  const counters = emptyCounters();
  for (const name of CAMPAIGN_COUNTERS) counters[name] = Number(item[name] ?? 0) || 0;
  const status = CAMPAIGN_STATUSES.includes(item.status as CampaignStatus) ? (item.status as CampaignStatus) : 'draft';
  const optional = (name: keyof Campaign) => {
    const value = text(item[name]);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    id: String(item.id),
    subject: text(item.subject) ?? '',
    bodyMarkdown: text(item.bodyMarkdown) ?? '',
    topics: Array.isArray(item.topics) ? item.topics.map(String) : [],
    status,
    ...optional('scheduledAt'),
    ...optional('startedAt'),
    ...optional('finishedAt'),
    ...optional('pausedReason'),
    ...optional('pausedAt'),
    ...optional('resumedAt'),
    ...optional('cancelledAt'),
    ...optional('recipientsErasedAt'),
    createdBy: text(item.createdBy) ?? '',
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    counters,
    planned: item.planned === true,
    ...(typeof item.autoPauseBaseline === 'object' && item.autoPauseBaseline !== null
      ? { autoPauseBaseline: item.autoPauseBaseline as Campaign['autoPauseBaseline'] }
      : {}),
  };
};

/** The item as stored: counters flattened to the top level (the delivery engine ADDs to them). */
const toItem = (campaign: Campaign): Record<string, unknown> => {
  const { counters, ...rest } = campaign;
  return { ...campaignKey(campaign.id), ...campaignIndex(campaign.createdAt, campaign.id), ...rest, ...(counters satisfies CampaignCounters) };
};

/** The fields an edit or a transition may set or remove: never keys, counters or `createdAt`. */
type Settable = Partial<Pick<Campaign, 'subject' | 'bodyMarkdown' | 'topics' | 'status' | 'scheduledAt' | 'startedAt' | 'finishedAt' | 'pausedReason' | 'pausedAt' | 'resumedAt' | 'cancelledAt' | 'autoPauseBaseline'>>;
type Removable = 'scheduledAt' | 'pausedReason' | 'pausedAt';

export interface Transition {
  /** The statuses the campaign must be in; otherwise nothing is written. */
  from: readonly CampaignStatus[];
  set: Settable & { updatedAt: string };
  remove?: readonly Removable[];
  /** Only set these if absent (e.g. `startedAt` on a repeated start). */
  setIfAbsent?: Partial<Pick<Campaign, 'startedAt'>>;
}

export const CampaignStore = {
  fromItem,

  /**
   * The transaction action that adds to the campaign's counters (and sets `extra.set` with its
   * values), on the condition that the campaign exists.
   */
  counterAction(campaignId: string, counters: Partial<Record<CampaignCounter, number>>, extra?: { set?: string; values?: Record<string, unknown> }): TransactItem {
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
  },

  /** Strongly consistent: decisions are taken on it. */
  async get(id: string): Promise<Campaign | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: campaignKey(id), ConsistentRead: true }));
    return result.Item ? fromItem(result.Item) : undefined;
  },

  async create(campaign: Campaign): Promise<void> {
    await db().send(new PutCommand({ TableName: config.tableName, Item: toItem(campaign), ConditionExpression: 'attribute_not_exists(pk)' }));
  },

  /**
   * One conditional write: applies `set`/`remove` only while the campaign is in one of `from`.
   * Answers the campaign as written, or undefined when it is missing or in another status.
   */
  async transition(id: string, change: Transition): Promise<Campaign | undefined> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    let i = 0;
    for (const [field, value] of Object.entries(change.set)) {
      if (value === undefined) continue;
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      sets.push(`#f${i} = :v${i}`);
      i++;
    }
    for (const [field, value] of Object.entries(change.setIfAbsent ?? {})) {
      if (value === undefined) continue;
      names[`#f${i}`] = field;
      values[`:v${i}`] = value;
      sets.push(`#f${i} = if_not_exists(#f${i}, :v${i})`);
      i++;
    }
    const removes = (change.remove ?? []).map((field) => {
      names[`#f${i}`] = field;
      return `#f${i++}`;
    });
    const allowed = change.from.map((status, n) => {
      values[`:from${n}`] = status;
      return `:from${n}`;
    });
    try {
      const result = await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: campaignKey(id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: `attribute_exists(pk) AND #status IN (${allowed.join(', ')})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? fromItem(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  },

  /** Edits a draft (subject, body, topics). Undefined when it is missing or no longer a draft. */
  update(id: string, changes: Pick<Settable, 'subject' | 'bodyMarkdown' | 'topics'>, at: Date): Promise<Campaign | undefined> {
    return CampaignStore.transition(id, { from: ['draft'], set: { ...changes, updatedAt: at.toISOString() } });
  },

  /**
   * sending → sent, only when the whole audience is planned and every batch is done (every recipient
   * final): one conditional write on exactly that, so it cannot be marked early. Answers whether it
   * was this call that marked it (`marked`), or it was sent already (`was-sent`, read from the
   * refused write itself: no extra read), or it is not complete.
   */
  async markSentIfComplete(id: string, at: Date): Promise<'marked' | 'was-sent' | 'incomplete'> {
    try {
      await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: campaignKey(id),
          UpdateExpression: 'SET #status = :sent, finishedAt = :at, updatedAt = :at',
          ConditionExpression: '#status = :sending AND planned = :yes AND batchesDone = batches',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':yes': true, ':at': at.toISOString() },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'marked';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // The refused write's item comes marshalled (lib-dynamodb does not unmarshall errors).
      return (error as { Item?: { status?: { S?: string } } }).Item?.status?.S === 'sent' ? 'was-sent' : 'incomplete';
    }
  },

  /** Every campaign, newest first (the organizer's list; eventually consistent, display only). */
  async list(limit = 500): Promise<Campaign[]> {
    const campaigns: Campaign[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: config.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'CAMPAIGN' },
          ScanIndexForward: false,
          Limit: Math.min(100, limit - campaigns.length),
          ExclusiveStartKey: start,
        }),
      );
      campaigns.push(...(page.Items ?? []).map(fromItem));
      start = page.LastEvaluatedKey;
    } while (start && campaigns.length < limit);
    return campaigns;
  },
};
