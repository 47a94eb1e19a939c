import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationCancelled } from '../../shared/registration/events';
import { mailRegistrationCancelled } from '../../shared/registration/notify';

export const handler = consumer(RegistrationCancelled, ({ eventId, data }) => mailRegistrationCancelled(eventId, data, now()));
