import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopScheduleChanged } from '../../shared/workshops/events';
import { syncWorkshopSchedules } from '../../shared/reminders/workshop-schedules';

export const handler = consumer(WorkshopScheduleChanged, async ({ data }) => {
  await syncWorkshopSchedules(data.workshopId, now());
});
