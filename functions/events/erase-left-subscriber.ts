import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { SubscriberRetentionDue } from '../../shared/mailing-list/events';
import { eraseLeftSubscriber } from '../../shared/mailing-list/retention';

/** Someone left the list long enough ago: their address, name, topics and consent go. */
export const handler = consumer(SubscriberRetentionDue, async ({ data }) => {
  await eraseLeftSubscriber(data.subscriberId, data.leftAt, now());
});
