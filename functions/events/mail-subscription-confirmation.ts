import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { SubscriptionRequested } from '../../shared/mailing-list/events';
import { mailSubscriptionConfirmation } from '../../shared/mailing-list/subscriptions';

export const handler = consumer(SubscriptionRequested, ({ eventId, data, occurredAt }) => mailSubscriptionConfirmation(eventId, data, occurredAt, now()));
