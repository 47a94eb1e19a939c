import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { batchGetAll } from '../db/batch';
import { conditionally, db, isConditionFailure } from '../db/client';
import { listByIndex, queryAll } from '../db/query';
import { table } from '../db/table';
import type { TransactItem } from '../db/transact';
import { subscriberEmailKey, subscriberIndex, subscriberKey, subscriberPartition, type SubscriberStatus } from './keys';
import type { Consent, Subscriber } from './model';

/**
 * DynamoDB access for subscribers and their one-per-address email claims (keys: ./keys.ts). Reads
 * of one subscriber are strongly consistent; lists come from the index `gsi1` (eventually
 * consistent), one partition per status, so the confirmed ones are a query of their own.
 */
const INDEX = table.indexes[0];

const strip = (item: Record<string, unknown>): Subscriber => {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...rest } = item;
  return { ...(rest as unknown as Subscriber), email: typeof rest.email === 'string' ? rest.email : '', topics: Array.isArray(rest.topics) ? (rest.topics as string[]) : [] };
};

/** What a request to join needs to know of an existing subscriber. */
export interface RequestState {
  id: string;
  status: SubscriberStatus;
  consentAt: string;
}

/**
 * The item a failed condition returns (ReturnValuesOnConditionCheckFailure): it comes back
 * marshalled (`{ S: "…" }`) even through lib-dynamodb. The few fields a request needs.
 */
const requestStateOf = (raw: unknown): RequestState | undefined => {
  const item = raw as { id?: { S?: string }; status?: { S?: string }; consent?: { M?: { at?: { S?: string } } } } | undefined;
  const id = item?.id?.S;
  const status = item?.status?.S as SubscriberStatus | undefined;
  const consentAt = item?.consent?.M?.at?.S;
  return id && status && consentAt ? { id, status, consentAt } : undefined;
};

/** A cursor that is not one Hearth made. */
export class InvalidCursorError extends Error {
  constructor() {
    super('This page link is not valid');
    this.name = 'InvalidCursorError';
  }
}

type IndexKey = { pk: string; sk: string; gsi1pk: string; gsi1sk: string };

const encodeKey = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** A cursor's JSON, or InvalidCursorError. */
const parseCursor = (cursor: string): unknown => {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
};

/** An index key in one of these partitions, exactly, or InvalidCursorError. */
const checkIndexKey = (value: unknown, partitions: readonly string[]): IndexKey => {
  const key = value as Partial<IndexKey> | null;
  const fields = ['pk', 'sk', 'gsi1pk', 'gsi1sk'] as const;
  if (typeof key !== 'object' || key === null || Object.keys(key).length !== fields.length || fields.some((field) => typeof key[field] !== 'string')) {
    throw new InvalidCursorError();
  }
  if (!partitions.includes(key.gsi1pk!)) throw new InvalidCursorError();
  return key as IndexKey;
};

const decodeKey = (cursor: string, partitions: readonly string[]): IndexKey => checkIndexKey(parseCursor(cursor), partitions);

/** The console list's cursor: the status partition it is in, and where in it (none: its start). */
const decodeSearchCursor = (cursor: string | null, statuses: readonly SubscriberStatus[]): { index: number; start?: IndexKey } => {
  if (cursor === null) return { index: 0 };
  const value = parseCursor(cursor);
  const { s, k, ...rest } = (typeof value === 'object' && value !== null ? value : {}) as { s?: unknown; k?: unknown };
  const index = statuses.indexOf(s as SubscriberStatus);
  if (index < 0 || Object.keys(rest).length > 0) throw new InvalidCursorError();
  if (k === undefined) return { index };
  return { index, start: checkIndexKey(k, [subscriberPartition(statuses[index]!)]) };
};

const indexKeyOf = (item: Record<string, unknown>): IndexKey => ({
  pk: String(item.pk),
  sk: String(item.sk),
  gsi1pk: String(item.gsi1pk),
  gsi1sk: String(item.gsi1sk),
});

/** `contains(topics, :t0) OR …`: a subscriber with at least one of the topics. */
const topicFilter = (topics: readonly string[]) => {
  const unique = [...new Set(topics)];
  if (unique.length === 0) return undefined;
  return {
    expression: `(${unique.map((_, i) => `contains(#topics, :t${i})`).join(' OR ')})`,
    names: { '#topics': 'topics' },
    values: Object.fromEntries(unique.map((topic, i) => [`:t${i}`, topic])),
  };
};

/**
 * The index query of one status partition: with topics, only subscribers with at least one of them;
 * with `email`, only addresses containing it (lower case).
 */
const statusQuery = (status: SubscriberStatus, topics: readonly string[], email?: string): QueryCommandInput => {
  const topic = topicFilter(topics);
  const conditions = [topic?.expression, email ? 'contains(#email, :email)' : undefined].filter(Boolean);
  return {
    TableName: config.tableName,
    IndexName: INDEX.name,
    KeyConditionExpression: '#indexPk = :indexPk',
    ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeNames: { '#indexPk': INDEX.partitionKey, ...topic?.names, ...(email ? { '#email': 'email' } : {}) },
    ExpressionAttributeValues: { ':indexPk': subscriberPartition(status), ...topic?.values, ...(email ? { ':email': email } : {}) },
  };
};

const confirmedQuery = (topics: readonly string[]): QueryCommandInput => statusQuery('confirmed', topics);

export interface SubscriberFilters {
  /** Part of the address (any case). */
  email?: string;
  /** A topic slug. */
  topic?: string;
  status?: SubscriberStatus;
}

export interface SubscriberSearchPage {
  subscribers: Subscriber[];
  cursor: string | null;
}

/** How many index items one console page may read before it answers with what it found. */
const SEARCH_BUDGET = 2000;

export const SubscriberStore = {
  async get(subscriberId: string): Promise<Subscriber | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: subscriberKey(subscriberId), ConsistentRead: true }));
    return result.Item ? strip(result.Item) : undefined;
  },

  /** Subscribers by id, strongly consistent; missing ids are left out, the order is not kept. */
  async getMany(subscriberIds: readonly string[]): Promise<Subscriber[]> {
    return (await batchGetAll([...new Set(subscriberIds)].map(subscriberKey))).map(strip);
  },

  /** The id of the subscriber holding this address's claim, if any (strongly consistent). */
  async findIdByEmail(email: string): Promise<string | undefined> {
    const claim = await db().send(new GetCommand({ TableName: config.tableName, Key: await subscriberEmailKey(email), ConsistentRead: true }));
    return claim.Item ? String(claim.Item.subscriberId) : undefined;
  },

  /**
   * One page of the ids of CONFIRMED subscribers (the index partition `SUBSCRIBERS#confirmed`); with
   * topics, only those with at least one of them. `limit` items are read per page, so a filtered page
   * may hold fewer ids, even none, and still have a cursor; the cursor is null at the end. The index
   * is eventually consistent: whoever sends should read each subscriber again (getMany) before mailing.
   */
  async audiencePage(topics: readonly string[], cursor: string | null, limit: number): Promise<{ ids: string[]; cursor: string | null }> {
    const start = cursor === null ? undefined : decodeKey(cursor, [subscriberPartition('confirmed')]);
    const query = confirmedQuery(topics);
    const page = await db().send(
      new QueryCommand({
        ...query,
        ProjectionExpression: '#id',
        ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#id': 'id' },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      ids: (page.Items ?? []).map((item) => String(item.id)),
      cursor: page.LastEvaluatedKey ? encodeKey(page.LastEvaluatedKey) : null,
    };
  },

  /** How many confirmed subscribers a campaign to these topics (none: everyone) reaches now. */
  async countAudience(topics: readonly string[]): Promise<number> {
    return (await queryAll({ ...confirmedQuery(topics), Select: 'COUNT' })).count;
  },

  /**
   * The console's list, newest first: confirmed, then pending, then unsubscribed (or one status),
   * filtered by part of the address and a topic. At most `limit` subscribers a page; a page stops
   * early after reading SEARCH_BUDGET index items, with a cursor to go on.
   */
  async search(filters: SubscriberFilters, cursor: string | null, limit: number): Promise<SubscriberSearchPage> {
    const statuses: readonly SubscriberStatus[] = filters.status ? [filters.status] : ['confirmed', 'pending', 'unsubscribed'];
    let { index, start } = decodeSearchCursor(cursor, statuses);
    const topics = filters.topic ? [filters.topic] : [];
    const email = filters.email?.trim().toLowerCase() || undefined;
    const found: Subscriber[] = [];
    const here = (key?: IndexKey) => encodeKey({ s: statuses[index], ...(key ? { k: key } : {}) });
    let read = 0;
    while (index < statuses.length) {
      const page = await db().send(
        new QueryCommand({
          ...statusQuery(statuses[index]!, topics, email),
          ScanIndexForward: false,
          Limit: 200,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      read += page.ScannedCount ?? 0;
      const items = page.Items ?? [];
      const room = limit - found.length;
      if (items.length > room) {
        found.push(...items.slice(0, room).map(strip));
        return { subscribers: found, cursor: here(indexKeyOf(items[room - 1]!)) };
      }
      found.push(...items.map(strip));
      if (page.LastEvaluatedKey) {
        start = page.LastEvaluatedKey as IndexKey;
      } else {
        index += 1;
        start = undefined;
      }
      if (index >= statuses.length) break;
      if (found.length === limit || read >= SEARCH_BUDGET) return { subscribers: found, cursor: here(start) };
    }
    return { subscribers: found, cursor: null };
  },

  // ---- writes

  /** A new subscriber and its email claim; the claim's condition keeps one subscriber per address. */
  async create(subscriber: Subscriber): Promise<TransactItem[]> {
    return [
      {
        Put: {
          TableName: config.tableName,
          Item: { ...(await subscriberEmailKey(subscriber.email)), subscriberId: subscriber.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: config.tableName,
          Item: { ...subscriberKey(subscriber.id), ...subscriberIndex(subscriber.status, subscriber.createdAt, subscriber.id), ...subscriber },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  },

  /**
   * Someone who left asks to join again: back to pending with the new consent and choices (they
   * confirm again), and the address again if it was erased 30 days after they left. Pending and confirmed subscribers are left as they are. Answers the subscriber's
   * status and consent time after the write (or as they were, when nothing was written).
   */
  async askAgain(subscriberId: string, changes: { email: string; displayName?: string; topics: string[]; consent: Consent }, at: Date): Promise<RequestState> {
    try {
      const result = await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: subscriberKey(subscriberId),
          UpdateExpression: `SET #status = :pending, gsi1pk = :partition, email = :email, topics = :topics, consent = :consent, updatedAt = :at${
            changes.displayName ? ', displayName = :displayName' : ''
          } REMOVE confirmedAt, unsubscribedAt, unsubscribedCampaignId, erasedAt${changes.displayName ? '' : ', displayName'}`,
          ConditionExpression: '#status = :unsubscribed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':unsubscribed': 'unsubscribed',
            ':partition': subscriberPartition('pending'),
            ':email': changes.email,
            ':topics': changes.topics,
            ':consent': changes.consent,
            ':at': at.toISOString(),
            ...(changes.displayName ? { ':displayName': changes.displayName } : {}),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const item = strip(result.Attributes!);
      return { id: item.id, status: item.status, consentAt: changes.consent.at };
    } catch (error) {
      const state = isConditionFailure(error) ? requestStateOf((error as { Item?: unknown }).Item) : undefined;
      if (state) return state;
      throw error;
    }
  },

  /**
   * Double opt-in: pending → confirmed, only for the request the link was made for (its consent
   * time). Answers what it found: confirmed now, confirmed before, or not the link's request.
   */
  async confirm(subscriberId: string, requestedAt: string, at: Date): Promise<'confirmed' | 'already-confirmed' | 'stale'> {
    try {
      await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: subscriberKey(subscriberId),
          UpdateExpression: 'SET #status = :confirmed, gsi1pk = :partition, confirmedAt = :at, updatedAt = :at',
          ConditionExpression: '#status = :pending AND #consent.#at = :requestedAt',
          ExpressionAttributeNames: { '#status': 'status', '#consent': 'consent', '#at': 'at' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':pending': 'pending',
            ':partition': subscriberPartition('confirmed'),
            ':requestedAt': requestedAt,
            ':at': at.toISOString(),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'confirmed';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return requestStateOf((error as { Item?: unknown }).Item)?.status === 'confirmed' ? 'already-confirmed' : 'stale';
    }
  },

  /** New topic choices for someone still on the list (pending or confirmed); false if they left. */
  async setTopics(subscriberId: string, topics: string[], at: Date): Promise<boolean> {
    return conditionally(
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: subscriberKey(subscriberId),
          UpdateExpression: 'SET topics = :topics, updatedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :unsubscribed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':topics': topics, ':at': at.toISOString(), ':unsubscribed': 'unsubscribed' },
        }),
      ),
    );
  },

  /**
   * A subscriber who left HEARTH_RETENTION_SUBSCRIBER_LEFT_DAYS ago: the address, name, topics and
   * consent go; the item (status, dates) and the keyed-hash email claim stay, so an import cannot
   * add them back and a count of who left still adds up. Only while they are still off the list
   * since `leftAt`: someone who came back is not erased. Answers whether it erased.
   */
  async eraseLeft(subscriberId: string, leftAt: string, at: Date): Promise<boolean> {
    return conditionally(
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: subscriberKey(subscriberId),
          UpdateExpression: 'SET erasedAt = :at REMOVE email, displayName, topics, consent',
          ConditionExpression: '#status = :unsubscribed AND unsubscribedAt = :leftAt AND attribute_not_exists(erasedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':unsubscribed': 'unsubscribed', ':leftAt': leftAt, ':at': at.toISOString() },
        }),
      ),
    );
  },

  /**
   * The address's claim, deleted at its owner's request (erasure), if it still names this
   * subscriber: the keyed hash then stays only in the suppression list. Safe to repeat.
   */
  async releaseClaim(email: string, subscriberId: string): Promise<void> {
    try {
      await db().send(
        new DeleteCommand({ TableName: config.tableName, Key: await subscriberEmailKey(email), ConditionExpression: 'subscriberId = :id', ExpressionAttributeValues: { ':id': subscriberId } }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  /** Everyone off the list whose address is not erased yet (the index partition of the unsubscribed; for `hearth retention sync`). */
  async leftNotErased(): Promise<Subscriber[]> {
    return (await listByIndex(subscriberPartition('unsubscribed'), { expression: 'attribute_not_exists(erasedAt)' })).map(strip);
  },

  /** Off the list (out of every audience at once: gsi1pk moves too), only if not already off it. */
  unsubscribe(subscriberId: string, at: Date, campaignId?: string): TransactItem {
    return {
      Update: {
        TableName: config.tableName,
        Key: subscriberKey(subscriberId),
        UpdateExpression: `SET #status = :unsubscribed, gsi1pk = :partition, unsubscribedAt = :at, updatedAt = :at${campaignId ? ', unsubscribedCampaignId = :campaign' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND #status <> :unsubscribed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':unsubscribed': 'unsubscribed',
          ':partition': subscriberPartition('unsubscribed'),
          ':at': at.toISOString(),
          ...(campaignId ? { ':campaign': campaignId } : {}),
        },
      },
    };
  },
};

