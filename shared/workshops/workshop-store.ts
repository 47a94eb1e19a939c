import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { conditionally, db } from '../db/client';
import { listByIndex, queryAll } from '../db/query';
import type { TransactItem } from '../db/transact';
import { workshopIndex, workshopKey } from './keys';
import { DEFAULT_REMINDER_OFFSETS, type Workshop } from './model';

/**
 * DynamoDB access for workshops (keys: ./keys.ts). The item also carries the counters that the
 * capacity rule is decided on: confirmedCount, waitlistSeq (tickets issued), waitlistLeft (tickets
 * that left the waitlist, promoted or cancelled).
 */
export interface WorkshopItem extends Workshop {
  waitlistSeq: number;
  waitlistLeft: number;
}

const strip = (item: Record<string, unknown>): WorkshopItem => {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  const workshop = rest as unknown as WorkshopItem;
  return {
    ...workshop,
    // Items written before reminders were configurable have none stored: they get the default.
    reminderOffsetsMinutes: Array.isArray(workshop.reminderOffsetsMinutes) ? workshop.reminderOffsetsMinutes.map(Number) : [...DEFAULT_REMINDER_OFFSETS],
    // Items written before workshops had organizers have none: only admins see their rosters.
    organizerIds: Array.isArray(workshop.organizerIds) ? workshop.organizerIds.map(String) : [],
    // Items written before discreet mode existed have none: not discreet (unless the organisation is).
    discreet: workshop.discreet === true,
    waitlistCount: workshop.waitlistSeq - workshop.waitlistLeft,
  };
};

/** The condition of every seat taken: the workshop is published, ahead, and has a free seat. */
const seatIsFree = (id: string, at: Date) => ({
  TableName: config.tableName,
  Key: workshopKey(id),
  ConditionExpression: '#status = :published AND startsAt > :now AND confirmedCount < #capacity',
  ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity' },
  ExpressionAttributeValues: { ':one': 1, ':published': 'published', ':now': at.toISOString() },
});

/** One more ticket has left the waitlist (cancelled, or issued and never used), so positions stay right. */
const ticketLeft = (id: string) => ({
  TableName: config.tableName,
  Key: workshopKey(id),
  UpdateExpression: 'ADD waitlistLeft :one',
  ExpressionAttributeValues: { ':one': 1 },
});

export const WorkshopStore = {
  /** A workshop from its raw table item (read elsewhere, e.g. in a batch). */
  fromItem: strip,

  async get(id: string): Promise<WorkshopItem | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: workshopKey(id), ConsistentRead: true }));
    return result.Item ? strip(result.Item) : undefined;
  },

  async create(workshop: WorkshopItem): Promise<void> {
    const { waitlistCount: _derived, ...stored } = workshop;
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...workshopKey(workshop.id), ...workshopIndex(workshop.startsAt, workshop.id), ...stored },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  /** Every workshop, soonest first (the organizer's list). */
  async list(): Promise<WorkshopItem[]> {
    return (await listByIndex('WORKSHOP')).map(strip);
  },

  /** Published workshops starting after `from`, soonest first (the public list). */
  async listPublishedFrom(from: Date): Promise<WorkshopItem[]> {
    const { items } = await queryAll({
      TableName: config.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk > :from',
      FilterExpression: '#status = :published',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': 'WORKSHOP', ':from': from.toISOString(), ':published': 'published' },
    });
    return items.map(strip);
  },

  /**
   * Applies changes if the workshop is still at `expectedUpdatedAt` (optimistic lock) and, when the
   * capacity changes, only if the confirmed count still fits. Answers false when the condition failed.
   */
  async update(current: WorkshopItem, next: WorkshopItem): Promise<boolean> {
    const names: Record<string, string> = { '#updatedAt': 'updatedAt', '#confirmed': 'confirmedCount' };
    const values: Record<string, unknown> = { ':expected': current.updatedAt, ':capacity': next.capacity };
    const sets: string[] = [];
    const removes: string[] = [];
    const fields = ['title', 'description', 'startsAt', 'endsAt', 'timezone', 'capacity', 'waitlist', 'location', 'onlineUrl', 'facilitator', 'discreet', 'retentionDays', 'status', 'sequence', 'cancellationMessage', 'reminderOffsetsMinutes', 'organizerIds', 'updatedAt', 'gsi1sk'] as const;
    const merged = { ...next, gsi1sk: workshopIndex(next.startsAt, next.id).gsi1sk } as Record<string, unknown>;
    fields.forEach((field, i) => {
      names[`#f${i}`] = field;
      if (merged[field] === undefined) removes.push(`#f${i}`);
      else {
        sets.push(`#f${i} = :v${i}`);
        values[`:v${i}`] = merged[field];
      }
    });
    return conditionally(
      db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: workshopKey(current.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: '#updatedAt = :expected AND #confirmed <= :capacity',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  },

  /** Transaction action: take one seat if the workshop is open and a seat is free. */
  takeSeat(id: string, at: Date): TransactItem {
    return { Update: { ...seatIsFree(id, at), UpdateExpression: 'ADD confirmedCount :one' } };
  },

  /** Transaction action: the workshop is open, full, and keeps a waitlist. */
  checkWaitlistOpen(id: string, at: Date): TransactItem {
    return {
      ConditionCheck: {
        TableName: config.tableName,
        Key: workshopKey(id),
        ConditionExpression: '#status = :published AND startsAt > :now AND waitlist = :true AND confirmedCount >= #capacity',
        ExpressionAttributeNames: { '#status': 'status', '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':published': 'published', ':now': at.toISOString(), ':true': true },
      },
    };
  },

  /** Transaction action: a confirmed seat is given back. */
  releaseSeat(id: string): TransactItem {
    return {
      Update: {
        TableName: config.tableName,
        Key: workshopKey(id),
        UpdateExpression: 'ADD confirmedCount :minus',
        ConditionExpression: 'confirmedCount > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      },
    };
  },

  /** Transaction action: a waitlisted ticket leaves the waitlist (cancelled). */
  leaveWaitlist(id: string): TransactItem {
    return { Update: ticketLeft(id) };
  },

  /** Transaction action: the first waitlisted ticket takes a freed seat. */
  promoteIntoSeat(id: string, at: Date): TransactItem {
    return { Update: { ...seatIsFree(id, at), UpdateExpression: 'ADD confirmedCount :one, waitlistLeft :one' } };
  },

  /**
   * Issues the next waitlist ticket. One atomic counter on the workshop item, so tickets are unique
   * and in arrival order; `left` is read in the same write, so `ticket - left` is the position.
   */
  async issueTicket(id: string): Promise<{ ticket: number; left: number }> {
    const result = await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: workshopKey(id),
        UpdateExpression: 'ADD waitlistSeq :one',
        ReturnValues: 'ALL_NEW',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    return { ticket: Number(result.Attributes?.waitlistSeq), left: Number(result.Attributes?.waitlistLeft ?? 0) };
  },

  /** A ticket that was issued but never used counts as having left, so positions stay right. */
  async voidTicket(id: string): Promise<void> {
    await db().send(new UpdateCommand(ticketLeft(id)));
  },
};
