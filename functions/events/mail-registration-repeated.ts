import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationRepeated } from '../../shared/workshops/events';
import { mailRepeated } from '../../shared/workshops/notify';

export const handler = consumer(RegistrationRepeated, ({ eventId, data, occurredAt }) => mailRepeated(eventId, data, occurredAt, now()));
