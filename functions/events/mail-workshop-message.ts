import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { WorkshopMessageSent } from '../../shared/registration/events';
import { mailWorkshopMessage } from '../../shared/registration/messages';

export const handler = consumer(WorkshopMessageSent, ({ eventId, data }) => mailWorkshopMessage(eventId, data, now()));
