import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopCancelled } from '../../shared/workshops/events';
import { mailWorkshopCancelled } from '../../shared/workshops/notify';

export const handler = consumer(WorkshopCancelled, ({ eventId, data }) => mailWorkshopCancelled(eventId, data, now()));
