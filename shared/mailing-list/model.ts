import * as z from 'zod/mini';
import '../zod-locale';
import { config } from '../config';
import type { SubscriberStatus } from './keys';
import { displayName, plainLine } from '../kernel/text';
import { emailAddress, normalizeEmail } from '../kernel/email';

export type { SubscriberStatus } from './keys';

/** The shapes of the mailing list: who asked to hear from the organisation, about what, and their consent. */

export type ConsentSource = 'form' | 'api' | 'import';

/** What the person agreed to: when, the exact words shown to them, and how it reached Hearth. */
export interface Consent {
  at: string;
  wording: string;
  source: ConsentSource;
}

export interface Subscriber {
  id: string;
  /** Normalised: trimmed and lower-cased. Empty once erased (`erasedAt`). */
  email: string;
  displayName?: string;
  status: SubscriberStatus;
  /** Topic slugs. None: only mailings to the whole list reach this person. */
  topics: string[];
  /** Absent once erased, HEARTH_RETENTION_SUBSCRIBER_LEFT_DAYS after they left. */
  consent?: Consent;
  createdAt: string;
  confirmedAt?: string;
  unsubscribedAt?: string;
  /** The campaign whose unsubscribe link they used, if any. */
  unsubscribedCampaignId?: string;
  /** When their address, name, topics and consent were erased (they had left the list for the retention period). */
  erasedAt?: string;
  updatedAt: string;
}

export interface Topic {
  slug: string;
  name: string;
  createdAt: string;
}

export const TOPIC_NAME_MAX = 40;
export const MAX_TOPICS = 50;

/**
 * A topic's key from its name: NFKC, lower case, every run of anything but letters and digits (of
 * any script) one hyphen, no hyphen at either end. "Funding", " funding " and "FUNDING!" are one
 * topic; people choose topics by name and the name is looked up by this slug.
 */
export const topicSlug = (name: string): string =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

export const TopicInput = z.strictObject({
  name: plainLine(TOPIC_NAME_MAX).check(z.refine((name) => topicSlug(name) !== '', 'Use at least one letter or digit')),
});
export type TopicInput = z.infer<typeof TopicInput>;

export const EmailAddress = emailAddress('Enter an email address like name@example.org');

/** A topic as a subscriber or a campaign names it: checked against the topics that exist later. */
const topicName = z.string('Each topic must be a name, e.g. "funding"').check(z.trim(), z.minLength(1, 'A topic name cannot be empty'), z.maxLength(80, 'At most 80 characters'));

export const TopicNames = z.array(topicName, 'Give topics as a list of names, e.g. ["funding", "events"]').check(
  z.maxLength(MAX_TOPICS, `At most ${MAX_TOPICS} topics`),
);

export const SubscribeInput = z.strictObject({
  email: EmailAddress,
  displayName: displayName(),
  topics: z.optional(TopicNames),
  consent: z.literal(true, 'Please confirm that you want to get our mailings'),
});
export type SubscribeInput = z.infer<typeof SubscribeInput>;

/** The answer to every valid request to join, whoever the address belongs to (no enumeration). */
export const SubscribeAccepted = z.object({ status: z.literal('accepted'), message: z.string() });
export const subscribeAccepted: z.infer<typeof SubscribeAccepted> = {
  status: 'accepted',
  message: 'If this address needs to confirm, we have sent it an email with a link. Nothing is sent to it until then.',
};

/** GET /api/topics: the topics to choose from (by name or slug) and the consent wording to show. */
export const TopicList = z.object({
  topics: z.array(z.object({ name: z.string(), slug: z.string() })),
  consentWording: z.string(),
});

/**
 * The consent the subscribe page shows next to its checkbox, stored word for word with every
 * subscription from the page or the API (an API client must show the same words; GET /api/topics
 * returns them).
 */
export const consentWording = (): string =>
  `I want to get advocacy mailings from ${config.orgName} at this email address. I can leave the list at any time with the link in every mailing.`;

/** The consent recorded for an imported address: the organisation's records are the evidence. */
export const importConsentWording = (consentedAt: string): string =>
  `Imported: consent given ${consentedAt} per the organisation's records`;

export { normalizeEmail };
