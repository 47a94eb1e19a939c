import { planSchedule, reconcileSchedules, scheduledSummary, scheduleName, type PlannedSchedule } from '../events/scheduler';
import { logger } from '../log';
import { MAX_REMINDERS, type Workshop, Workshops } from '../workshops/port';
import { ReminderDue } from './events';

/**
 * A workshop's reminder schedules, reconciled with the workshop as it is now:
 *
 * | schedule                     | fires at                                | event                 |
 * |------------------------------|-----------------------------------------|-----------------------|
 * | reminder-<workshopId>-<slot> | startsAt − offset (slot 0..2, in order) | Workshop Reminder Due |
 *
 * Only a published workshop has schedules, and only for instants still ahead: a reminder whose time
 * has passed (published late, or moved closer) is not sent late. Everything else is deleted, so the
 * same reconciliation serves publish, reschedule, new offsets and cancellation, and running it
 * twice or out of order changes nothing. The consumer checks the workshop again when a schedule
 * fires (a schedule that raced an edit is recognised as stale by its instants). The survey's own
 * schedules are reconciled beside these, by surveys (shared/surveys/schedules.ts).
 */
export const planReminderSchedules = (workshopId: string, workshop: Workshop | undefined, now: Date): PlannedSchedule[] => {
  const active = workshop?.status === 'published';
  const offsets = active ? [...new Set(workshop.reminderOffsetsMinutes)].sort((a, b) => b - a) : [];
  return Array.from({ length: MAX_REMINDERS }, (_, slot) => {
    const offsetMinutes = offsets[slot];
    const at = workshop && offsetMinutes !== undefined ? new Date(Date.parse(workshop.startsAt) - offsetMinutes * 60_000) : undefined;
    const data = () => ({ workshopId, startsAt: new Date(workshop!.startsAt).toISOString(), offsetMinutes: offsetMinutes! });
    return planSchedule(scheduleName('reminder', workshopId, slot), at, ReminderDue, data, { active, now });
  });
};

/** Puts the reminders that should exist and deletes the rest. Safe to repeat. */
export const syncReminderSchedules = async (workshopId: string, now: Date): Promise<PlannedSchedule[]> => {
  const planned = planReminderSchedules(workshopId, await Workshops.get(workshopId), now);
  await reconcileSchedules(planned);
  logger.info('Reminder schedules reconciled', { workshopId, scheduled: scheduledSummary(planned) });
  return planned;
};
