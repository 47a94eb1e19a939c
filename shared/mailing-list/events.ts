import * as z from 'zod/mini';
import '../zod-locale';
import { defineEvent } from '../events/define';
import { id, instant } from '../events/fields';
import { SCHEDULE_SOURCE } from '../events/sources';

/** Events of the mailing list. Ids only: the archive on the bus never holds an address. */

/** Someone asked to join (or asked again while pending): the double opt-in mail goes out. */
export const SubscriptionRequested = defineEvent({
  source: 'hearth.subscribers',
  detailType: 'Subscription Requested',
  schemaVersion: 1,
  data: z.strictObject({ subscriberId: id }),
});

/**
 * Someone left the list (`leftAt`: their unsubscribedAt). Its consumer schedules the erasure of
 * their address and name HEARTH_RETENTION_SUBSCRIBER_LEFT_DAYS later (./retention.ts).
 */
export const SubscriberLeft = defineEvent({
  source: 'hearth.subscribers',
  detailType: 'Subscriber Left',
  schemaVersion: 1,
  data: z.strictObject({ subscriberId: id, leftAt: instant }),
});

/** The retention period of someone who left ran out (a one-time schedule): their address and name go. */
export const SubscriberRetentionDue = defineEvent({
  source: SCHEDULE_SOURCE,
  detailType: 'Subscriber Retention Due',
  schemaVersion: 1,
  data: z.strictObject({ subscriberId: id, leftAt: instant }),
});
