import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopCancelled } from '../../shared/registration/events';
import { mailWorkshopCancelled } from '../../shared/registration/notify';

export const handler = consumer(WorkshopCancelled, ({ eventId, data }) => mailWorkshopCancelled(eventId, data, now()));
