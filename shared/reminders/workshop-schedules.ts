import type { DataOf, EventDefinition } from '../events/define';
import { logger } from '../log';
import type { Workshop } from '../workshops/model';
import { WorkshopStore } from '../workshops/workshop-store';
import { ReminderDue } from './events';
import { SurveyDue, SurveyReminderDue } from '../surveys/events';
import { surveyTiming, type SurveyTiming } from '../surveys/settings';
import { deleteSchedule, oneTimeSchedule, putSchedule, scheduleName, type Schedule } from '../events/scheduler';

/**
 * A workshop's one-time schedules, reconciled with the workshop as it is now:
 *
 * | schedule                     | fires at                               | event                        |
 * |------------------------------|----------------------------------------|------------------------------|
 * | reminder-<workshopId>-<slot> | startsAt − offset (slot 0..2, in order) | Workshop Reminder Due        |
 * | survey-<workshopId>          | endsAt + survey delay                  | Workshop Survey Due          |
 * | survey-reminder-<workshopId> | the survey + reminderAfterHours        | Workshop Survey Reminder Due |
 *
 * Only a published workshop has schedules, and only for instants still ahead: a reminder whose time
 * has passed (published late, or moved closer) is not sent late. Everything else is deleted, so the
 * same reconciliation serves publish, reschedule, new offsets, new survey timing and cancellation,
 * and running it twice or out of order changes nothing. The consumers check the workshop again when
 * a schedule fires (a schedule that raced an edit is recognised as stale by its instants).
 */
export const MAX_REMINDERS = 3;

export interface PlannedSchedule {
  name: string;
  /** Absent: the schedule must not exist. */
  schedule?: Schedule;
}

const minutes = (count: number) => count * 60_000;

export const planSchedules = (workshopId: string, workshop: Workshop | undefined, timing: SurveyTiming, now: Date): PlannedSchedule[] => {
  const active = workshop?.status === 'published';
  /** The schedule when the workshop is published and the instant is still ahead; otherwise none. */
  const plan = <E extends EventDefinition>(name: string, at: Date | undefined, definition: E, data: () => DataOf<E>): PlannedSchedule =>
    active && at && at.getTime() > now.getTime() ? { name, schedule: oneTimeSchedule(name, at, definition, data()) } : { name };

  const planned: PlannedSchedule[] = [];
  const offsets = active ? [...new Set(workshop.reminderOffsetsMinutes)].sort((a, b) => b - a) : [];
  for (let slot = 0; slot < MAX_REMINDERS; slot++) {
    const offsetMinutes = offsets[slot];
    const at = workshop && offsetMinutes !== undefined ? new Date(Date.parse(workshop.startsAt) - minutes(offsetMinutes)) : undefined;
    planned.push(
      plan(scheduleName('reminder', workshopId, slot), at, ReminderDue, () => ({
        workshopId,
        startsAt: new Date(workshop!.startsAt).toISOString(),
        offsetMinutes: offsetMinutes!,
      })),
    );
  }

  const endsAt = workshop ? new Date(workshop.endsAt) : undefined;
  const surveyAt = endsAt && new Date(endsAt.getTime() + minutes(timing.delayMinutes));
  const surveyReminderAt =
    surveyAt && timing.reminderAfterHours !== null ? new Date(surveyAt.getTime() + minutes(timing.reminderAfterHours * 60)) : undefined;
  const surveyData = () => ({ workshopId, endsAt: endsAt!.toISOString() });
  planned.push(
    plan(scheduleName('survey', workshopId), surveyAt, SurveyDue, surveyData),
    plan(scheduleName('survey-reminder', workshopId), surveyReminderAt, SurveyReminderDue, surveyData),
  );
  return planned;
};

/** Puts what should exist and deletes the rest. Safe to repeat; a failure is retried as a whole. */
export const syncWorkshopSchedules = async (workshopId: string, now: Date): Promise<PlannedSchedule[]> => {
  const [workshop, timing] = await Promise.all([WorkshopStore.get(workshopId), surveyTiming(workshopId)]);
  const planned = planSchedules(workshopId, workshop, timing, now);
  await Promise.all(planned.map(({ name, schedule }) => (schedule ? putSchedule(schedule) : deleteSchedule(name))));
  logger.info('Schedules reconciled', {
    workshopId,
    scheduled: planned.filter((entry) => entry.schedule).map((entry) => ({ name: entry.name, at: entry.schedule!.at.toISOString() })),
  });
  return planned;
};
