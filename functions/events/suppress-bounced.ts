import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { EmailBounced } from '../../shared/mail/ses-events';
import { suppressBounced } from '../../shared/mail/suppress';

export const handler = consumer(EmailBounced, (detail) => suppressBounced(detail, now()));
