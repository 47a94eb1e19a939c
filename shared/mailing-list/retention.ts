import { planSchedule, reconcileSchedules, scheduleName } from '../events/scheduler';
import { daysAfter, erasureInstant, retentionDays } from '../kernel/retention';
import { logger } from '../log';
import { SubscriberRetentionDue } from './events';
import type { Subscriber } from './model';
import { SubscriberStore } from './subscriber-store';

/**
 * Retention of people who left the list (issue 13): HEARTH_RETENTION_SUBSCRIBER_LEFT_DAYS (30)
 * after they left, their address, name, topics and consent are erased. The subscriber item (status
 * and dates) stays, and so does the email claim, a keyed hash of the address that a copy of the
 * table cannot reverse: an import finds it and does not add them back. Someone who comes back in
 * the meantime is not erased; someone who comes back after gives their address again.
 *
 * | schedule                    | fires at                | event                    |
 * |-----------------------------|-------------------------|--------------------------|
 * | subscriber-retention-<id>   | unsubscribedAt + period | Subscriber Retention Due |
 *
 * Put by the consumer of Subscriber Left; the erasure itself checks the subscriber again.
 */
const dueAt = (leftAt: string) => daysAfter(leftAt, retentionDays('subscriberLeft'));

export const planSubscriberRetention = (subscriberId: string, subscriber: Subscriber | undefined, now: Date) => {
  const leftAt = subscriber?.status === 'unsubscribed' && !subscriber.erasedAt ? subscriber.unsubscribedAt : undefined;
  const at = leftAt ? erasureInstant(dueAt(leftAt), now) : undefined;
  return planSchedule(scheduleName('subscriber-retention', subscriberId), at, SubscriberRetentionDue, () => ({ subscriberId, leftAt: leftAt! }), { active: Boolean(at), now });
};

/** Puts the erasure schedule of someone who left, or deletes it when they came back. Safe to repeat. */
export const syncSubscriberRetention = async (subscriberId: string, now: Date): Promise<void> => {
  await reconcileSchedules([planSubscriberRetention(subscriberId, await SubscriberStore.get(subscriberId), now)]);
};

export type SubscriberErasure = 'erased' | 'not-due' | 'not-left';

/** The schedule fired: erase them if they are still off the list since then and the period is over. */
export const eraseLeftSubscriber = async (subscriberId: string, leftAt: string, at: Date): Promise<SubscriberErasure> => {
  if (dueAt(leftAt).getTime() > at.getTime()) return 'not-due';
  const erased = await SubscriberStore.eraseLeft(subscriberId, leftAt, at);
  if (erased) logger.info('Subscriber who left erased', { subscriberId });
  return erased ? 'erased' : 'not-left';
};
