import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopRetentionDue } from '../../shared/workshops/events';
import { eraseRegistrations } from '../../shared/workshops/retention';

/** A workshop's registration retention ran out: its registrations' personal data goes, the counts stay. */
export const handler = consumer(WorkshopRetentionDue, async ({ data }) => {
  await eraseRegistrations(data.workshopId, now());
});
