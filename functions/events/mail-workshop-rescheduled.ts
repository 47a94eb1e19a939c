import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopRescheduled } from '../../shared/registration/events';
import { mailRescheduled } from '../../shared/registration/notify';

export const handler = consumer(WorkshopRescheduled, ({ eventId, data }) => mailRescheduled(eventId, data, now()));
