import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationWaitlisted } from '../../shared/registration/events';
import { mailWaitlisted } from '../../shared/registration/notify';

export const handler = consumer(RegistrationWaitlisted, ({ eventId, data }) => mailWaitlisted(eventId, data, now()));
