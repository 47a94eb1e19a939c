import { emailHash } from '../kernel/email-hash';

/**
 * Keys of the mailing list in Hearth's single table (docs/data-model.md).
 *
 * | item        | pk                                   | sk       | gsi1pk                  | gsi1sk              |
 * |-------------|--------------------------------------|----------|-------------------------|---------------------|
 * | subscriber  | SUB#<subscriberId>                   | SUB      | SUBSCRIBERS#<status>    | <createdAt>#<id>    |
 * | email claim | SUBEMAIL#<hmac(normalised email)>    | SUBEMAIL |                         |                     |
 * | topic       | TOPIC#<slug>                         | TOPIC    | TOPIC                   | <slug>              |
 *
 * `status` is pending | confirmed | unsubscribed, and gsi1pk changes with it in the same write, so
 * one index partition holds exactly the confirmed subscribers: a campaign's audience is a query of
 * `SUBSCRIBERS#confirmed` (filtered on `topics`), and nobody pending or unsubscribed is ever in it.
 * The email claim (`subscriberId`) makes one subscriber per address; it is created in one
 * transaction with the subscriber and never removed, so someone who left and comes back is the same
 * subscriber. Addresses appear in keys only as keyed hashes (../email-hash.ts).
 */
export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export const subscriberKey = (subscriberId: string) => ({ pk: `SUB#${subscriberId}`, sk: 'SUB' });
export const subscriberPartition = (status: SubscriberStatus) => `SUBSCRIBERS#${status}`;
export const subscriberIndex = (status: SubscriberStatus, createdAt: string, subscriberId: string) => ({
  gsi1pk: subscriberPartition(status),
  gsi1sk: `${createdAt}#${subscriberId}`,
});
export const subscriberEmailKey = async (email: string) => ({ pk: `SUBEMAIL#${await emailHash(email)}`, sk: 'SUBEMAIL' });

export const topicKey = (slug: string) => ({ pk: `TOPIC#${slug}`, sk: 'TOPIC' });
export const TOPIC_PARTITION = 'TOPIC';
export const topicIndex = (slug: string) => ({ gsi1pk: TOPIC_PARTITION, gsi1sk: slug });
