import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopMessageSent } from '../../shared/workshops/events';
import { mailWorkshopMessage } from '../../shared/workshops/messages';

export const handler = consumer(WorkshopMessageSent, ({ eventId, data }) => mailWorkshopMessage(eventId, data, now()));
