import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationConfirmed } from '../../shared/workshops/events';
import { mailConfirmation } from '../../shared/workshops/notify';

export const handler = consumer(RegistrationConfirmed, ({ eventId, data }) => mailConfirmation(eventId, data, now()));
