import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { syncReminderSchedules } from '../../shared/reminders/schedules';
import { syncSurveySchedules } from '../../shared/surveys/schedules';
import { WorkshopScheduleChanged } from '../../shared/workshops/events';
import { syncRetentionSchedule } from '../../shared/workshops/retention';

/** A workshop's times changed: reminders, surveys and registration retention each reconcile their own schedules with it. */
export const handler = consumer(WorkshopScheduleChanged, async ({ data }) => {
  const at = now();
  await Promise.all([syncReminderSchedules(data.workshopId, at), syncSurveySchedules(data.workshopId, at), syncRetentionSchedule(data.workshopId, at)]);
});
