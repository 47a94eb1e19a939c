import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationRepeated } from '../../shared/registration/events';
import { mailRepeated } from '../../shared/registration/notify';

export const handler = consumer(RegistrationRepeated, ({ eventId, data, occurredAt }) => mailRepeated(eventId, data, occurredAt, now()));
