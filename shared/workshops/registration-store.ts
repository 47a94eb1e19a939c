import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '../db/batch';
import { listByIndex, queryAll, queryPages } from '../db/query';
import { config } from '../config';
import { conditionally, db, isConditionFailure } from '../db/client';
import type { TransactItem } from '../db/transact';
import { REG_PREFIX, WAIT_PREFIX, emailClaimKey, personIndex, personPartition, registrationKey, waitlistKey, workshopKey } from './keys';
import type { Registration } from './model';

/**
 * DynamoDB access for registrations, their one-per-email claims and their waitlist entries
 * (keys: ./keys.ts). All reads are strongly consistent: capacity and order are never decided on a
 * stale read.
 */
export interface RegistrationItem extends Registration {
  /** Set by a promotion until its event is published, so a retry republishes it. */
  noticePending?: boolean;
}

const strip = (item: Record<string, unknown>): RegistrationItem => {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...rest } = item;
  return { ...(rest as unknown as RegistrationItem), email: typeof rest.email === 'string' ? rest.email : '' };
};

/** Every item of a workshop's partition whose sort key starts with `prefix`. */
const partition = async (workshopId: string, prefix: string) =>
  (
    await queryAll({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': prefix },
      ConsistentRead: true,
    })
  ).items;

/** What names a person in a registration: erased at their request (`erase`, `cancel` with `erase`). */
const ERASED_FIELDS = 'email, displayName, accessibilityNeeds, gsi1pk, gsi1sk';
const indexValues = (index: { gsi1pk: string; gsi1sk: string }) => ({ ':pk': index.gsi1pk, ':sk': index.gsi1sk });

export const RegistrationStore = {
  async get(workshopId: string, registrationId: string): Promise<RegistrationItem | undefined> {
    const result = await db().send(
      new GetCommand({ TableName: config.tableName, Key: registrationKey(workshopId, registrationId), ConsistentRead: true }),
    );
    return result.Item ? strip(result.Item) : undefined;
  },

  /**
   * A registration and its workshop's item in one strongly consistent BatchGetItem (the mail
   * consumers' read). The workshop item comes back raw: WorkshopStore.fromItem reads it.
   */
  async getWithWorkshop(workshopId: string, registrationId: string): Promise<{ registration?: RegistrationItem; workshopItem?: Record<string, unknown> }> {
    const keys = [registrationKey(workshopId, registrationId), workshopKey(workshopId)];
    const result = await db().send(new BatchGetCommand({ RequestItems: { [config.tableName]: { Keys: keys, ConsistentRead: true } } }));
    const unprocessed = result.UnprocessedKeys?.[config.tableName]?.Keys?.length;
    if (unprocessed) throw new Error('DynamoDB left keys unprocessed; retry');
    const items = result.Responses?.[config.tableName] ?? [];
    const registration = items.find((item) => item.sk === keys[0]!.sk);
    const workshopItem = items.find((item) => item.sk === keys[1]!.sk);
    return { ...(registration ? { registration: strip(registration) } : {}), ...(workshopItem ? { workshopItem } : {}) };
  },

  /** The registration holding this email's claim on the workshop, if any. */
  async findByEmail(workshopId: string, email: string): Promise<RegistrationItem | undefined> {
    const claim = await db().send(
      new GetCommand({ TableName: config.tableName, Key: await emailClaimKey(workshopId, email), ConsistentRead: true }),
    );
    const registrationId = claim.Item?.registrationId as string | undefined;
    return registrationId ? this.get(workshopId, registrationId) : undefined;
  },

  async listForWorkshop(workshopId: string): Promise<RegistrationItem[]> {
    return (await partition(workshopId, REG_PREFIX)).map(strip);
  },

  /**
   * The ids of a workshop's confirmed registrations (only those checked in, with `attendedOnly`), a
   * page at a time: fan-out to thousands never holds the whole list, and ids carry nothing personal.
   */
  async *confirmedIdPages(workshopId: string, options: { attendedOnly?: boolean; pageSize?: number } = {}): AsyncGenerator<string[]> {
    const pages = queryPages(
      {
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: options.attendedOnly ? '#status = :confirmed AND attribute_exists(attendedAt)' : '#status = :confirmed',
        ProjectionExpression: '#id',
        ExpressionAttributeNames: { '#status': 'status', '#id': 'id' },
        ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': REG_PREFIX, ':confirmed': 'confirmed' },
        ConsistentRead: true,
      },
      options.pageSize,
    );
    for await (const items of pages) yield items.map((item) => String(item.id));
  },

  /** Registrations by id, strongly consistent; missing ids are left out, the order is not kept. */
  async getMany(workshopId: string, registrationIds: readonly string[]): Promise<RegistrationItem[]> {
    return (await batchGetAll([...new Set(registrationIds)].map((id) => registrationKey(workshopId, id)))).map(strip);
  },

  /**
   * Every registration of this address, in any workshop, cancelled ones included (what /my-data
   * shows and erases): the address's index partition (eventually consistent), joined with the
   * claims it holds now in these workshops (strongly consistent: a place taken a moment ago is
   * found too). Registrations stored before the index existed are found by their claim, and by the
   * index once `hearth retention sync` has indexed them.
   */
  async heldBy(email: string, workshopIds: readonly string[]): Promise<RegistrationItem[]> {
    const [indexed, claims] = await Promise.all([
      listByIndex(await personPartition(email)),
      batchGetAll(await Promise.all(workshopIds.map((workshopId) => emailClaimKey(workshopId, email)))),
    ]);
    const keys = new Map<string, { workshopId: string; registrationId: string }>();
    const add = (workshopId: string, registrationId: string) => keys.set(`${workshopId}#${registrationId}`, { workshopId, registrationId });
    for (const item of indexed) add(String(item.workshopId), String(item.id));
    for (const claim of claims) add(String(claim.pk).slice('WS#'.length), String(claim.registrationId));
    const found = await Promise.all([...keys.values()].map(({ workshopId, registrationId }) => this.get(workshopId, registrationId)));
    return found.filter((registration): registration is RegistrationItem => registration !== undefined && registration.email === email);
  },

  /** Gives a registration stored before the person index existed its index keys (`hearth retention sync`). Answers whether it wrote. */
  async index(registration: RegistrationItem): Promise<boolean> {
    if (!registration.email) return false;
    return conditionally(
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: registrationKey(registration.workshopId, registration.id),
          UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi1pk) AND email = :email',
          ExpressionAttributeValues: { ...indexValues(await personIndex(registration.email, registration.workshopId, registration.id)), ':email': registration.email },
        }),
      ),
    );
  },

  /**
   * Erases what names the person in one registration that holds no place (cancelled, or of a
   * workshop that has ended), at their request: the address, name, needs and index keys go, and the
   * claim if this registration holds it. Status and dates stay, so the counts still add up.
   */
  async erase(registration: RegistrationItem, at: Date): Promise<void> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: config.tableName,
          Key: registrationKey(registration.workshopId, registration.id),
          UpdateExpression: `SET erasedAt = if_not_exists(erasedAt, :at) REMOVE ${ERASED_FIELDS}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        },
      },
    ];
    if (registration.email) {
      items.push({
        Delete: {
          TableName: config.tableName,
          Key: await emailClaimKey(registration.workshopId, registration.email),
          ConditionExpression: 'attribute_not_exists(pk) OR registrationId = :id',
          ExpressionAttributeValues: { ':id': registration.id },
        },
      });
    }
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  },

  /** Waitlist tickets in first-come-first-served order. */
  async waitlist(workshopId: string): Promise<{ ticket: number; registrationId: string }[]> {
    return (await partition(workshopId, WAIT_PREFIX)).map((item) => ({
      ticket: Number(item.ticket),
      registrationId: String(item.registrationId),
    }));
  },

  async firstWaiting(workshopId: string): Promise<{ ticket: number; registrationId: string } | undefined> {
    const page = await db().send(
      new QueryCommand({
        TableName: config.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': WAIT_PREFIX },
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    const item = page.Items?.[0];
    return item ? { ticket: Number(item.ticket), registrationId: String(item.registrationId) } : undefined;
  },

  /** Current position of a waitlist ticket: how many tickets wait before it, plus one. */
  async position(workshopId: string, ticket: number): Promise<number> {
    const { count } = await queryAll({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':from': WAIT_PREFIX, ':to': waitlistKey(workshopId, ticket).sk },
      ConsistentRead: true,
      Select: 'COUNT',
    });
    return count;
  },

  /** How many waitlist entries the workshop has (written ones: a ticket being queued is not yet among them). */
  async waitingCount(workshopId: string): Promise<number> {
    const { count } = await queryAll({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': WAIT_PREFIX },
      ConsistentRead: true,
      Select: 'COUNT',
    });
    return count;
  },

  async clearNoticePending(workshopId: string, registrationId: string): Promise<void> {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: registrationKey(workshopId, registrationId),
        UpdateExpression: 'REMOVE noticePending',
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  },

  /**
   * Checks a confirmed registrant in (`at`) or undoes it (`undefined`). Only while the registration
   * is confirmed; answers whether it was attended before, or 'not-confirmed' (nothing written).
   */
  async setAttended(workshopId: string, registrationId: string, at: Date | undefined): Promise<{ wasAttended: boolean } | 'not-confirmed'> {
    try {
      const result = await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: registrationKey(workshopId, registrationId),
          UpdateExpression: at ? 'SET attendedAt = if_not_exists(attendedAt, :at)' : 'REMOVE attendedAt',
          ConditionExpression: '#status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':confirmed': 'confirmed', ...(at ? { ':at': at.toISOString() } : {}) },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return { wasAttended: result.Attributes?.attendedAt !== undefined };
    } catch (error) {
      if (isConditionFailure(error)) return 'not-confirmed';
      throw error;
    }
  },

  // ---- transaction actions

  /** A new registration and its email claim; the claim's condition keeps one registration per email. */
  async create(registration: RegistrationItem): Promise<TransactItem[]> {
    return [
      {
        Put: {
          TableName: config.tableName,
          Item: { ...(await emailClaimKey(registration.workshopId, registration.email)), registrationId: registration.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: config.tableName,
          Item: { ...registrationKey(registration.workshopId, registration.id), ...(await personIndex(registration.email, registration.workshopId, registration.id)), ...registration },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  },

  /** Gives the waitlisted registration its ticket and puts it in the waitlist order. */
  enqueue(registration: RegistrationItem, ticket: number): TransactItem[] {
    return [
      {
        Update: {
          TableName: config.tableName,
          Key: registrationKey(registration.workshopId, registration.id),
          UpdateExpression: 'SET waitlistTicket = :ticket',
          ConditionExpression: '#status = :waitlisted AND attribute_not_exists(waitlistTicket)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':ticket': ticket, ':waitlisted': 'waitlisted' },
        },
      },
      {
        Put: {
          TableName: config.tableName,
          Item: { ...waitlistKey(registration.workshopId, ticket), ticket, registrationId: registration.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
  },

  /** Moves a waitlisted registration holding `ticket` into a confirmed seat. */
  promote(workshopId: string, registrationId: string, ticket: number, at: Date): TransactItem[] {
    return [
      {
        Delete: {
          TableName: config.tableName,
          Key: waitlistKey(workshopId, ticket),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Update: {
          TableName: config.tableName,
          Key: registrationKey(workshopId, registrationId),
          UpdateExpression: 'SET #status = :confirmed, confirmedAt = :at, noticePending = :true REMOVE waitlistTicket',
          ConditionExpression: '#status = :waitlisted AND waitlistTicket = :ticket',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted', ':ticket': ticket, ':at': at.toISOString(), ':true': true },
        },
      },
    ];
  },

  /** Cancels a registration that is still in `status`, erasing its accessibility needs; frees its email claim and waitlist entry. */
  async cancel(registration: RegistrationItem, by: 'registrant' | 'organizer', at: Date, options: { erase?: boolean } = {}): Promise<TransactItem[]> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: config.tableName,
          Key: registrationKey(registration.workshopId, registration.id),
          // Accessibility needs are for preparing a place; a cancelled place needs none (data inventory).
          // At the person's own request (erasure), what names them goes in the same write.
          UpdateExpression: options.erase
            ? `SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by, previousStatus = :status, erasedAt = :at REMOVE waitlistTicket, ${ERASED_FIELDS}`
            : 'SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by, previousStatus = :status REMOVE waitlistTicket, accessibilityNeeds',
          ConditionExpression:
            registration.waitlistTicket === undefined
              ? '#status = :status AND attribute_not_exists(waitlistTicket)'
              : '#status = :status AND waitlistTicket = :ticket',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':cancelled': 'cancelled',
            ':status': registration.status,
            ':at': at.toISOString(),
            ':by': by,
            ...(registration.waitlistTicket === undefined ? {} : { ':ticket': registration.waitlistTicket }),
          },
        },
      },
      { Delete: { TableName: config.tableName, Key: await emailClaimKey(registration.workshopId, registration.email) } },
    ];
    if (registration.waitlistTicket !== undefined) {
      items.push({ Delete: { TableName: config.tableName, Key: waitlistKey(registration.workshopId, registration.waitlistTicket) } });
    }
    return items;
  },
};
