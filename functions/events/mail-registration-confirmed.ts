import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationConfirmed } from '../../shared/registration/events';
import { mailConfirmation } from '../../shared/registration/notify';

export const handler = consumer(RegistrationConfirmed, ({ eventId, data }) => mailConfirmation(eventId, data, now()));
