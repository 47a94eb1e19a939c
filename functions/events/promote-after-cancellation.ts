import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationCancelled } from '../../shared/registration/events';
import { fillSeats } from '../../shared/registration/fill-seats';

export const handler = consumer(RegistrationCancelled, async ({ data }) => {
  await fillSeats(data.workshopId, now());
});
