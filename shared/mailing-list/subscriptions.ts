import { randomUUID } from 'node:crypto';
import { withinLimit } from '../kernel/rate-limit';
import { refused } from '../kernel/refusal';
import { transact, type TransactItem } from '../db/transact';
import { makeEvent, type DataOf } from '../events/define';
import { publish } from '../events/publish';
import { sendMail } from '../mail/send';
import { Suppressions } from '../mail/suppression-store';
import { subscriptionConfirmationMail } from './mails/subscription';
import { SubscriberLeft, SubscriptionRequested } from './events';
import { confirmationExpiry, confirmationUrl, readConfirmationToken, readPreferencesToken, readUnsubscribeToken } from './links';
import { consentWording, normalizeEmail, type Subscriber, type SubscribeInput } from './model';
import { SubscriberStore } from './subscriber-store';
import { mustResolveTopics } from './topics';
import type { TokenProblem } from '../tokens';

/**
 * Joining and leaving the mailing list.
 *
 * Asking to join (`requestSubscription`) answers the same for any address, so nobody can find out
 * who is on the list, and does the same work for each: one read of the address's claim, one write,
 * one event.
 * 1. Unknown topics are refused (`invalid`) before anything is read or written.
 * 2. A client (IP address) may ask CLIENT_LIMIT times per 10 minutes (`too-many` after that,
 *    whatever the address): someone cannot sign up a whole address book.
 * 3. A new address becomes a pending subscriber (claim + subscriber in one transaction) with its
 *    consent: when, the exact wording shown, the source. Someone who left the list and asks again
 *    is pending again with the new consent. Pending and confirmed subscribers are not changed (a
 *    stranger cannot change someone's choices by asking in their name).
 * 4. Subscription Requested is published for every request; its id names the subscriber, their
 *    request and the 10-minute window, so the mail ledger sends at most one confirmation mail per
 *    request and window, however often someone presses the button. The consumer mails only pending
 *    subscribers: a confirmed address gets nothing (no "you are already subscribed" mail, which
 *    would let anyone send mail to any subscriber).
 */
export const CONFIRMATION_WINDOW_MS = 10 * 60 * 1000;
export const CLIENT_LIMIT = 60;
const CLIENT_WINDOW_MS = 10 * 60 * 1000;

export const requestSubscription = async (input: SubscribeInput, source: 'form' | 'api', client: string | undefined, at: Date): Promise<void> => {
  const topics = await mustResolveTopics(input.topics ?? []);
  if (client && !(await withinLimit('subscribe-client', client, CLIENT_LIMIT, CLIENT_WINDOW_MS, at))) {
    refused('too-many', 'There have been too many sign-ups from your connection. Please try again in a few minutes.', {
      retryAfterSeconds: CLIENT_WINDOW_MS / 1000,
    });
  }
  const email = normalizeEmail(input.email);
  const consent = { at: at.toISOString(), wording: consentWording(), source };
  const choices = { ...(input.displayName ? { displayName: input.displayName } : {}), topics, consent };

  let request: { id: string; consentAt: string } | undefined;
  const existingId = await SubscriberStore.findIdByEmail(email);
  if (!existingId) {
    const candidate: Subscriber = { id: randomUUID(), email, status: 'pending', ...choices, createdAt: consent.at, updatedAt: consent.at };
    const outcome = await transact(await SubscriberStore.create(candidate));
    if (outcome.ok) request = { id: candidate.id, consentAt: consent.at };
  }
  if (!request) {
    // Known address (or one created a moment ago by a concurrent request).
    const id = existingId ?? (await SubscriberStore.findIdByEmail(email));
    if (!id) throw new Error('The address claim vanished; retry');
    request = await SubscriberStore.askAgain(id, { ...choices, email }, at);
  }
  const window = Math.floor(at.getTime() / CONFIRMATION_WINDOW_MS);
  const eventId = `subscription-requested:${request.id}:${Date.parse(request.consentAt)}:${window}`;
  await publish([makeEvent(SubscriptionRequested, eventId, { subscriberId: request.id }, at.toISOString())]);
};

/** The consumer of Subscription Requested: the double opt-in mail, to pending subscribers only, once per event. */
export const mailSubscriptionConfirmation = async (eventId: string, data: DataOf<typeof SubscriptionRequested>, occurredAt: string, at: Date) => {
  const subscriber = await SubscriberStore.get(data.subscriberId);
  if (!subscriber?.consent || subscriber.status !== 'pending') return;
  // Valid from the request, not from a (late) delivery.
  const requestedAt = new Date(occurredAt);
  const url = await confirmationUrl(subscriber.id, subscriber.consent.at, requestedAt);
  await sendMail({ key: eventId, to: subscriber.email, ...subscriptionConfirmationMail({ url, expiresAt: confirmationExpiry(requestedAt) }) }, at);
};

/** A link from a mail that cannot be used, and why. */
type LinkProblem = { kind: 'link-problem'; reason: TokenProblem };

export type ConfirmationState =
  | LinkProblem
  | { kind: 'stale' }
  | { kind: 'already-confirmed'; subscriberId: string }
  | { kind: 'open' }
  | { kind: 'confirmed'; subscriberId: string };

/** What the confirmation link would do (GET: reads only). */
export const openConfirmation = async (token: string | undefined, at: Date): Promise<ConfirmationState> => {
  const link = await readConfirmationToken(token, at);
  if (!link.ok) return { kind: 'link-problem', reason: link.reason };
  const subscriber = await SubscriberStore.get(link.subscriberId);
  if (!subscriber) return { kind: 'link-problem', reason: 'invalid' };
  if (subscriber.status === 'confirmed') return { kind: 'already-confirmed', subscriberId: subscriber.id };
  if (subscriber.status === 'pending' && subscriber.consent?.at === link.consentAt) return { kind: 'open' };
  return { kind: 'stale' };
};

/** Pressing "Confirm": pending → confirmed, once; again is a harmless success. */
export const confirmSubscription = async (token: string | undefined, at: Date): Promise<ConfirmationState> => {
  const link = await readConfirmationToken(token, at);
  if (!link.ok) return { kind: 'link-problem', reason: link.reason };
  const outcome = await SubscriberStore.confirm(link.subscriberId, link.consentAt, at);
  if (outcome === 'confirmed') return { kind: 'confirmed', subscriberId: link.subscriberId };
  if (outcome === 'already-confirmed') return { kind: 'already-confirmed', subscriberId: link.subscriberId };
  return { kind: 'stale' };
};

/** Whom a preferences or unsubscribe link names, or why it cannot be used (a subscriber since deleted: invalid). */
export type ListLinkState = LinkProblem | { kind: 'subscriber'; subscriber: Subscriber };

/** Reads a list link (GET: changes nothing). */
export const openListLink = async (link: 'preferences' | 'unsubscribe', token: string | undefined, at: Date): Promise<ListLinkState> => {
  const read = await (link === 'preferences' ? readPreferencesToken : readUnsubscribeToken)(token, at);
  if (!read.ok) return { kind: 'link-problem', reason: read.reason };
  const subscriber = await SubscriberStore.get(read.subscriberId);
  return subscriber ? { kind: 'subscriber', subscriber } : { kind: 'link-problem', reason: 'invalid' };
};

/**
 * The port through which a leaving is counted on the campaign its link came with: the write that
 * adds 1 to that campaign's `unsubscribed` counter, in the same transaction as the leaving. The
 * handler passes campaigns' own (shared/campaigns/port.ts), so the list never imports campaigns.
 */
export type CountUnsubscribe = (campaignId: string) => TransactItem;

/**
 * The unsubscribe link pressed (one-click or the page's button): off the list now, counted on the
 * campaign the link came with; `already` when it had left before.
 */
export const unsubscribeByLink = async (token: string | undefined, at: Date, count: CountUnsubscribe): Promise<LinkProblem | { kind: 'left'; already: boolean }> => {
  const link = await readUnsubscribeToken(token, at);
  if (!link.ok) return { kind: 'link-problem', reason: link.reason };
  const changed = await unsubscribe(link.subscriberId, link.campaignId ? { campaignId: link.campaignId, count } : undefined, at);
  if (!changed && !(await SubscriberStore.get(link.subscriberId))) return { kind: 'link-problem', reason: 'invalid' };
  return { kind: 'left', already: !changed };
};

/**
 * Takes someone off the list: status unsubscribed (out of every audience at once). Only when this
 * changed the status, the same transaction adds 1 to the campaign's `unsubscribed` counter, if a
 * campaign was named and exists. Repeating it changes nothing. Answers whether it changed anything.
 */
export const unsubscribe = async (subscriberId: string, from: { campaignId: string; count: CountUnsubscribe } | undefined, at: Date): Promise<boolean> => {
  const changed = await leaveList(subscriberId, from, at);
  await announceLeft(subscriberId, at);
  return changed;
};

const leaveList = async (subscriberId: string, from: { campaignId: string; count: CountUnsubscribe } | undefined, at: Date): Promise<boolean> => {
  const leave = SubscriberStore.unsubscribe(subscriberId, at, from?.campaignId);
  if (from) {
    const counted = await transact([leave, from.count(from.campaignId)]);
    if (counted.ok) return true;
    if (counted.failed[0]) return false;
    // The campaign is gone (or never was): leave the list all the same.
  }
  return (await transact([SubscriberStore.unsubscribe(subscriberId, at)])).ok;
};

/**
 * Subscriber Left, for whoever is off the list now, under one id per departure (their
 * unsubscribedAt): also when this request changed nothing, in case the one that did died before
 * announcing it. Its consumer schedules the erasure of their address (./retention.ts).
 */
const announceLeft = async (subscriberId: string, at: Date): Promise<void> => {
  const subscriber = await SubscriberStore.get(subscriberId);
  if (subscriber?.status !== 'unsubscribed' || !subscriber.unsubscribedAt || subscriber.erasedAt) return;
  const leftAt = subscriber.unsubscribedAt;
  await publish([makeEvent(SubscriberLeft, `subscriber-left:${subscriberId}:${leftAt}`, { subscriberId, leftAt }, at.toISOString())]);
};

/**
 * Someone asked for everything about them to be erased (/my-data, or an admin's `person erase`):
 * off the list now, if they were on it, and their address, name, topics and consent erased at once
 * rather than 30 days later. The subscriber item keeps its status and dates, naming nobody. The
 * address's claim goes too, after the suppression list has marked the keyed hash as erased: from
 * then on that hash is the only trace, and it keeps an import from adding them back. Joining again
 * of their own wish still works (a new subscriber). Answers the subscriber's id (for the copies of
 * the address in campaign batches), or undefined when the list held no address of theirs. Safe to
 * repeat.
 */
export const leaveAndErase = async (email: string, at: Date): Promise<string | undefined> => {
  await Suppressions.markErased(email, at);
  const subscriberId = await SubscriberStore.findIdByEmail(email);
  if (!subscriberId) return undefined;
  await leaveList(subscriberId, undefined, at);
  const subscriber = await SubscriberStore.get(subscriberId);
  if (subscriber?.status === 'unsubscribed' && subscriber.unsubscribedAt && !subscriber.erasedAt) {
    await SubscriberStore.eraseLeft(subscriberId, subscriber.unsubscribedAt, at);
  }
  await SubscriberStore.releaseClaim(email, subscriberId);
  // The erasure planned for 30 days after leaving, if any, then finds nothing to do (eraseLeft's condition).
  return subscriberId;
};

export type PreferencesOutcome = { kind: 'saved'; topics: string[] } | { kind: 'not-subscribed' };

/** New topic choices (names or slugs, all existing; refused as `invalid` otherwise) for someone still on the list. */
export const savePreferences = async (subscriberId: string, topicNames: readonly string[], at: Date): Promise<PreferencesOutcome> => {
  const topics = await mustResolveTopics(topicNames);
  return (await SubscriberStore.setTopics(subscriberId, topics, at)) ? { kind: 'saved', topics } : { kind: 'not-subscribed' };
};
