import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { SubscriptionRequested } from '../../shared/subscribers/events';
import { mailSubscriptionConfirmation } from '../../shared/subscribers/subscriptions';

export const handler = consumer(SubscriptionRequested, ({ eventId, data, occurredAt }) => mailSubscriptionConfirmation(eventId, data, occurredAt, now()));
