import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { EmailComplaintReceived } from '../../shared/mail/ses-events';
import { suppressComplained } from '../../shared/mail/suppress';

export const handler = consumer(EmailComplaintReceived, (detail) => suppressComplained(detail, now()));
