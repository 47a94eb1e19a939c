import { planSchedule, reconcileSchedules, scheduledSummary, scheduleName, type PlannedSchedule } from '../events/scheduler';
import { logger } from '../log';
import { type Workshop, Workshops } from '../workshops/port';
import { SurveyDue, SurveyReminderDue } from './events';
import { surveyTiming, type SurveyTiming } from './settings';

/**
 * A workshop's survey schedules, reconciled with the workshop and its survey timing as they are now:
 *
 * | schedule                     | fires at                        | event                        |
 * |------------------------------|---------------------------------|------------------------------|
 * | survey-<workshopId>          | endsAt + survey delay           | Workshop Survey Due          |
 * | survey-reminder-<workshopId> | the survey + reminderAfterHours | Workshop Survey Reminder Due |
 *
 * As with reminders (shared/reminders/schedules.ts): only a published workshop has them, only for
 * instants still ahead, and everything else is deleted, so publish, reschedule, new timing and
 * cancellation are one reconciliation, safe to run twice or out of order.
 */
export const planSurveySchedules = (workshopId: string, workshop: Workshop | undefined, timing: SurveyTiming, now: Date): PlannedSchedule[] => {
  const when = { active: workshop?.status === 'published', now };
  const endsAt = workshop ? new Date(workshop.endsAt) : undefined;
  const surveyAt = endsAt && new Date(endsAt.getTime() + timing.delayMinutes * 60_000);
  const reminderAt = surveyAt && timing.reminderAfterHours !== null ? new Date(surveyAt.getTime() + timing.reminderAfterHours * 3_600_000) : undefined;
  const data = () => ({ workshopId, endsAt: endsAt!.toISOString() });
  return [
    planSchedule(scheduleName('survey', workshopId), surveyAt, SurveyDue, data, when),
    planSchedule(scheduleName('survey-reminder', workshopId), reminderAt, SurveyReminderDue, data, when),
  ];
};

/** Puts the survey's schedules that should exist and deletes the rest. Safe to repeat. */
export const syncSurveySchedules = async (workshopId: string, now: Date): Promise<PlannedSchedule[]> => {
  const [workshop, timing] = await Promise.all([Workshops.get(workshopId), surveyTiming(workshopId)]);
  const planned = planSurveySchedules(workshopId, workshop, timing, now);
  await reconcileSchedules(planned);
  logger.info('Survey schedules reconciled', { workshopId, scheduled: scheduledSummary(planned) });
  return planned;
};
