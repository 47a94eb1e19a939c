import * as z from 'zod/mini';
import '../zod-locale';
import { now } from '../clock';
import { config } from '../config';
import { signToken, verifyToken } from '../tokens';

/**
 * The links of the mailing list. Each token names the subscriber (and the campaign) by random ids
 * only and has a purpose of its own, so a preferences link cannot unsubscribe or confirm, and the
 * other way round. URLs carry no address, name or topic.
 *
 * - confirmation (`/subscribe/confirm`): 7 days from the request; it names the request (its consent
 *   time), so a link from before someone left the list cannot confirm a later request.
 * - unsubscribe (`/unsubscribe`, also the List-Unsubscribe URL of campaign mails): a year.
 * - preferences (`/preferences`): a year.
 */
const CONFIRM = 'subscription-confirm';
const UNSUBSCRIBE = 'unsubscribe';
const PREFERENCES = 'preferences';

export const CONFIRM_LINK_DAYS = 7;
export const LIST_LINK_DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;

const id = z.string().check(z.minLength(1), z.maxLength(64));
const confirmData = z.object({ s: id, r: z.string().check(z.minLength(1), z.maxLength(40)) });
const unsubscribeData = z.object({ s: id, c: z.optional(id) });
const preferencesData = z.object({ s: id });

const link = (path: string, token: string) => `${config.baseUrl}${path}?token=${encodeURIComponent(token)}`;

/** The double opt-in link for the request made at `requestedAt` (the subscriber's consent time). */
export const confirmationExpiry = (requestedAt: Date) => new Date(requestedAt.getTime() + CONFIRM_LINK_DAYS * DAY_MS);

export const confirmationUrl = async (subscriberId: string, consentAt: string, requestedAt: Date): Promise<string> =>
  link('/subscribe/confirm', await signToken(CONFIRM, { s: subscriberId, r: consentAt }, confirmationExpiry(requestedAt)));

export const readConfirmationToken = async (token: string | undefined, at: Date) => {
  const result = await verifyToken(token, CONFIRM, confirmData, at);
  return result.ok ? { ok: true as const, subscriberId: result.value.s, consentAt: result.value.r } : result;
};

/** The unsubscribe link of a campaign mail (or of a page, without a campaign). */
export const unsubscribeUrl = async (subscriberId: string, campaignId?: string, at: Date = now()): Promise<string> =>
  link('/unsubscribe', await signToken(UNSUBSCRIBE, { s: subscriberId, ...(campaignId ? { c: campaignId } : {}) }, new Date(at.getTime() + LIST_LINK_DAYS * DAY_MS)));

export const readUnsubscribeToken = async (token: string | undefined, at: Date) => {
  const result = await verifyToken(token, UNSUBSCRIBE, unsubscribeData, at);
  return result.ok ? { ok: true as const, subscriberId: result.value.s, ...(result.value.c ? { campaignId: result.value.c } : {}) } : result;
};

export const preferencesUrl = async (subscriberId: string, at: Date = now()): Promise<string> =>
  link('/preferences', await signToken(PREFERENCES, { s: subscriberId }, new Date(at.getTime() + LIST_LINK_DAYS * DAY_MS)));

export const readPreferencesToken = async (token: string | undefined, at: Date) => {
  const result = await verifyToken(token, PREFERENCES, preferencesData, at);
  return result.ok ? { ok: true as const, subscriberId: result.value.s } : result;
};
