import { now } from '../../shared/clock';
import { mailSignInLink } from '../../shared/console/auth';
import { SignInRequested } from '../../shared/console/events';
import { consumer } from '../../shared/events/consume';

export const handler = consumer(SignInRequested, ({ eventId, data, occurredAt }) => mailSignInLink(eventId, data, occurredAt, now()));
