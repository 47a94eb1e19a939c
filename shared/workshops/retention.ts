import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchDeleteAll } from '../db/batch';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { queryPages } from '../db/query';
import { planSchedule, reconcileSchedules, scheduledSummary, scheduleName, type PlannedSchedule } from '../events/scheduler';
import { daysAfter, erasureInstant, retentionDays } from '../kernel/retention';
import { logger } from '../log';
import { WorkshopRetentionDue } from './events';
import { EMAIL_PREFIX, REG_PREFIX, retainedKey, WAIT_PREFIX, workshopKey } from './keys';
import { MSG_PREFIX } from './message-store';
import { WorkshopStore, type WorkshopItem } from './workshop-store';

/**
 * Registration retention (issue 13): HEARTH_RETENTION_REGISTRATION_DAYS (90) after a workshop ends,
 * or its own shorter `retentionDays`, its registrations go: the addresses, names and accessibility
 * needs with them, and with them the keyed-hash email claims, the waitlist order, the text of
 * the organizers' messages and the facilitator's name as it was typed. What stays is a `RETAINED` item with the counts (registered, confirmed,
 * attended, cancelled, waitlisted) and the workshop itself, whose confirmedCount is untouched.
 *
 * | schedule                     | fires at                      | event                   |
 * |------------------------------|-------------------------------|-------------------------|
 * | retention-<workshopId>       | endsAt + the retention period | Workshop Retention Due  |
 *
 * Reconciled with the workshop, beside its reminders and survey (functions/events/
 * sync-workshop-schedules.ts), whenever something that decides it changes: publishing, a new time,
 * a new `retentionDays`, cancellation. Unlike a reminder, an erasure is never skipped because its
 * instant has passed: it is then due a minute from now. Nothing scans the table: the erasure
 * queries the workshop's own partition.
 */
export type RetainedCounts = { registered: number; confirmed: number; attended: number; cancelled: number; waitlisted: number };
export type Retained = RetainedCounts & { erasedAt?: string; countedAt: string };

/** The period that applies to this workshop, in days: the organisation's, or the workshop's if shorter. */
export const registrationRetentionDays = (workshop: Pick<WorkshopItem, 'retentionDays'>): number => {
  const organisation = retentionDays('registration');
  return workshop.retentionDays !== undefined ? Math.min(workshop.retentionDays, organisation) : organisation;
};

/** When the workshop's registrations are due to go. */
export const registrationErasureAt = (workshop: Pick<WorkshopItem, 'endsAt' | 'retentionDays'>): Date =>
  daysAfter(workshop.endsAt, registrationRetentionDays(workshop));

export const planRetentionSchedule = (workshopId: string, workshop: WorkshopItem | undefined, retained: Retained | undefined, now: Date): PlannedSchedule => {
  const active = Boolean(workshop && workshop.status !== 'draft' && !retained?.erasedAt);
  const due = workshop ? registrationErasureAt(workshop) : undefined;
  const at = due && erasureInstant(due, now);
  return planSchedule(scheduleName('retention', workshopId), at, WorkshopRetentionDue, () => ({ workshopId, endsAt: workshop!.endsAt }), { active, now });
};

const table = () => config.tableName;

export const RetainedStore = {
  async get(workshopId: string): Promise<Retained | undefined> {
    const { Item: item } = await db().send(new GetCommand({ TableName: table(), Key: retainedKey(workshopId), ConsistentRead: true }));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = item;
    return rest as Retained;
  },

  /** Writes the counts once: a second call (a retry after a partial erasure) keeps the first counts. */
  async countOnce(workshopId: string, counts: RetainedCounts, at: Date): Promise<void> {
    try {
      await db().send(
        new PutCommand({
          TableName: table(),
          Item: { ...retainedKey(workshopId), ...counts, countedAt: at.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  async markErased(workshopId: string, at: Date): Promise<void> {
    await db().send(new UpdateCommand({ TableName: table(), Key: retainedKey(workshopId), UpdateExpression: 'SET erasedAt = if_not_exists(erasedAt, :at)', ExpressionAttributeValues: { ':at': at.toISOString() } }));
  },
};

/** Puts the workshop's retention schedule if it should exist, or deletes it. Safe to repeat. */
export const syncRetentionSchedule = async (workshopId: string, now: Date): Promise<PlannedSchedule[]> => {
  const [workshop, retained] = await Promise.all([WorkshopStore.get(workshopId), RetainedStore.get(workshopId)]);
  const planned = [planRetentionSchedule(workshopId, workshop, retained, now)];
  await reconcileSchedules(planned);
  logger.info('Retention schedule reconciled', { workshopId, scheduled: scheduledSummary(planned) });
  return planned;
};

const partition = (workshopId: string, prefix: string, projection: string, names?: Record<string, string>) =>
  queryPages({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ProjectionExpression: projection,
    ...(names ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': prefix },
    ConsistentRead: true,
  });

const countRegistrations = async (workshopId: string): Promise<RetainedCounts> => {
  const counts: RetainedCounts = { registered: 0, confirmed: 0, attended: 0, cancelled: 0, waitlisted: 0 };
  for await (const page of partition(workshopId, REG_PREFIX, 'sk, #status, attendedAt', { '#status': 'status' })) {
    for (const item of page) {
      counts.registered++;
      if (item.status === 'confirmed') counts.confirmed++;
      if (item.status === 'cancelled') counts.cancelled++;
      if (item.status === 'waitlisted') counts.waitlisted++;
      if (item.attendedAt) counts.attended++;
    }
  }
  return counts;
};

const deleteAll = async (workshopId: string, prefix: string): Promise<number> => {
  let deleted = 0;
  for await (const page of partition(workshopId, prefix, 'pk, sk')) {
    await batchDeleteAll(page.map((item) => ({ pk: item.pk, sk: item.sk })));
    deleted += page.length;
  }
  return deleted;
};

/** The organizers' messages stay as a record that something was sent (when, by whom, to how many); their words go. */
const eraseMessageText = async (workshopId: string): Promise<void> => {
  for await (const page of partition(workshopId, MSG_PREFIX, 'pk, sk')) {
    for (const item of page) {
      await db().send(new UpdateCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'REMOVE subject, #text', ExpressionAttributeNames: { '#text': 'text' } }));
    }
  }
};

/** The facilitator's name, as the organizer typed it, goes with the registrations; the workshop and its counts stay. */
const eraseFacilitator = async (workshopId: string): Promise<void> => {
  await db().send(new UpdateCommand({ TableName: table(), Key: workshopKey(workshopId), UpdateExpression: 'REMOVE facilitator', ConditionExpression: 'attribute_exists(pk)' }));
};

export type ErasureOutcome = 'erased' | 'not-due' | 'missing' | 'already-erased';

/**
 * The schedule fired. Stale when the workshop moved since (its period now ends later): the
 * reconciliation made a new schedule. Otherwise: count once, then delete and erase, then mark it
 * done. Each step is safe to repeat, so a retry after a crash half-way finishes the job with the
 * first counts.
 */
export const eraseRegistrations = async (workshopId: string, at: Date): Promise<ErasureOutcome> => {
  const [workshop, retained] = await Promise.all([WorkshopStore.get(workshopId), RetainedStore.get(workshopId)]);
  if (!workshop) return 'missing';
  if (retained?.erasedAt) return 'already-erased';
  if (registrationErasureAt(workshop).getTime() > at.getTime()) return 'not-due';
  if (!retained) await RetainedStore.countOnce(workshopId, await countRegistrations(workshopId), at);
  const deleted = await deleteAll(workshopId, REG_PREFIX);
  await Promise.all([deleteAll(workshopId, EMAIL_PREFIX), deleteAll(workshopId, WAIT_PREFIX), eraseMessageText(workshopId), eraseFacilitator(workshopId)]);
  await RetainedStore.markErased(workshopId, at);
  logger.info('Registrations erased', { workshopId, deleted });
  return 'erased';
};
