import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { SubscriberLeft } from '../../shared/mailing-list/events';
import { syncSubscriberRetention } from '../../shared/mailing-list/retention';

/** Someone left the list: the erasure of their address is scheduled for when the period ends. */
export const handler = consumer(SubscriberLeft, async ({ data }) => {
  await syncSubscriberRetention(data.subscriberId, now());
});
