import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { MyDataRequested } from '../../shared/people/events';
import { mailMyDataLink } from '../../shared/people/my-data';

export const handler = consumer(MyDataRequested, ({ eventId, data }) => mailMyDataLink(eventId, data, now()));
