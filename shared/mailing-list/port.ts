import { SubscriberStore } from './subscriber-store';
import { TopicStore } from './topic-store';

/**
 * The mailing-list port: all that campaigns may use of the list, by name. Campaigns read the list
 * (topics, an audience by topic, the subscribers of a batch) and put the list's own links in their
 * mails; they never write it. Everything else in shared/mailing-list is private to it
 * (`npm run lint` holds this: .dependency-cruiser.cjs). The list in turn never imports campaigns:
 * the unsubscribe counter reaches it as a parameter (`CountUnsubscribe` in ./subscriptions.ts).
 */
import type { Subscriber } from './model';
export type { Subscriber, Topic } from './model';
export { preferencesUrl, unsubscribeUrl } from './links';
export { resolveTopics, topicNames } from './topics';
import { leaveAndErase } from './subscriptions';

export const Topics = {
  /** Every topic, in the list's order. */
  list: () => TopicStore.list(),
};

export const Subscribers = {
  /** The list's record of this address, if it has one that still holds it (/my-data). */
  findByEmail: async (email: string): Promise<Subscriber | undefined> => {
    const id = await SubscriberStore.findIdByEmail(email);
    const subscriber = id ? await SubscriberStore.get(id) : undefined;
    return subscriber && !subscriber.erasedAt ? subscriber : undefined;
  },
  /** Takes the address off the list and erases it now; answers the subscriber's id, if the list held the address (./subscriptions.ts). */
  leaveAndErase: (email: string, at: Date) => leaveAndErase(email, at),
  /** Subscribers by id (those that exist), read consistently: read again before mailing. */
  getMany: (subscriberIds: readonly string[]) => SubscriberStore.getMany(subscriberIds),
  /** One page of the ids of active subscribers to any of these topics (an eventually consistent index). */
  audiencePage: (topics: readonly string[], cursor: string | null, limit: number) => SubscriberStore.audiencePage(topics, cursor, limit),
  /** How many active subscribers any of these topics has. */
  countAudience: (topics: readonly string[]) => SubscriberStore.countAudience(topics),
};
