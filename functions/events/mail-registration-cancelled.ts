import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { RegistrationCancelled } from '../../shared/workshops/events';
import { mailRegistrationCancelled } from '../../shared/workshops/notify';

export const handler = consumer(RegistrationCancelled, ({ eventId, data }) => mailRegistrationCancelled(eventId, data, now()));
