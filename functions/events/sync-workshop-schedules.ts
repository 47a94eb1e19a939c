import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopScheduleChanged } from '../../shared/registration/events';
import { syncWorkshopSchedules } from '../../shared/schedule/workshop-schedules';

export const handler = consumer(WorkshopScheduleChanged, async ({ data }) => {
  await syncWorkshopSchedules(data.workshopId, now());
});
