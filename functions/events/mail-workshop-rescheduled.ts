import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopRescheduled } from '../../shared/workshops/events';
import { mailRescheduled } from '../../shared/workshops/notify';

export const handler = consumer(WorkshopRescheduled, ({ eventId, data }) => mailRescheduled(eventId, data, now()));
