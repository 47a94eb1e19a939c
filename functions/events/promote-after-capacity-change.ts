import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopCapacityChanged } from '../../shared/workshops/events';
import { fillSeats } from '../../shared/workshops/fill-seats';

export const handler = consumer(WorkshopCapacityChanged, async ({ data }) => {
  await fillSeats(data.workshopId, now());
});
