import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationWaitlisted } from '../../shared/workshops/events';
import { mailWaitlisted } from '../../shared/workshops/notify';

export const handler = consumer(RegistrationWaitlisted, ({ eventId, data }) => mailWaitlisted(eventId, data, now()));
