import { randomBytes, randomUUID } from 'node:crypto';
import { config } from '../config';
import { makeEvent, type DataOf } from '../events/define';
import { publish } from '../events/publish';
import { AuditLog } from '../kernel/audit-store';
import { normalizeEmail } from '../kernel/email';
import { withinLimit } from '../kernel/rate-limit';
import { singleUseLinks, type Redemption } from '../kernel/single-use-link';
import { sendMail } from '../mail/send';
import { Subscribers, Topics, topicNames } from '../mailing-list/port';
import { deriveFromSecret } from '../tokens';
import { Registrations } from '../workshops/port';
import { MyDataRequested } from './events';
import { erasePerson, SELF_SERVICE, type Erasure } from './erase';
import { erasureTokenKey, myDataIndex, myDataLinkKey } from './keys';
import { myDataMail } from './mails/my-data-link';

/**
 * Self-service access (issue 13, GDPR Art. 15 and 20): what Hearth holds about an address.
 * 1. A request is counted per client and per address (below); over a limit it is refused (429),
 *    the same for every address, known or not.
 * 2. Otherwise a single-use link, valid 15 minutes from the request, is stored under the SHA-256 of
 *    its token, and My Data Requested is published with the request's id only. The answer is the
 *    same for any address, and a mail always goes, so neither the answer nor its timing says
 *    whether the address is known.
 * 3. The consumer derives the token from the request id (a redelivery makes the same token; the
 *    mail ledger sends it once) and mails the link.
 * 4. Opening the link changes nothing (a page with a button: mail scanners open links); pressing
 *    the button uses it, once, and shows the data on the page it answers, with its JSON download.
 */
export const MY_DATA_TTL_MS = 15 * 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
/** Requests one client may make per 15 minutes, whatever the addresses. */
export const LIMIT_PER_CLIENT = 10;
/** Mails one address may be sent per 15 minutes, from any client: a stranger cannot flood an inbox. */
export const LIMIT_PER_ADDRESS = 3;

const MyDataLinks = singleUseLinks(myDataLinkKey, MY_DATA_TTL_MS, myDataIndex);
/**
 * The data page's "Erase everything" carries a token of its own, made when the page is shown: single
 * use, 15 minutes, stored like the link (its SHA-256 only) and deleted with the rest at erasure.
 */
const ErasureTokens = singleUseLinks(erasureTokenKey, MY_DATA_TTL_MS, myDataIndex);
const tokenOf = (requestId: string) => deriveFromSecret(`my-data:${requestId}`);

export const myDataUrl = (token: string) => `${config.baseUrl}/my-data/open?token=${encodeURIComponent(token)}`;

export const requestMyData = async (email: string, client: string | undefined, at: Date): Promise<'accepted' | 'limited'> => {
  const address = normalizeEmail(email);
  const counted = await Promise.all([
    withinLimit('mydata-client', client ?? 'unknown', LIMIT_PER_CLIENT, WINDOW_MS, at),
    withinLimit('mydata-address', address, LIMIT_PER_ADDRESS, WINDOW_MS, at),
  ]);
  if (counted.includes(false)) return 'limited';
  const requestId = randomUUID();
  await MyDataLinks.create(await tokenOf(requestId), address, at);
  await publish([makeEvent(MyDataRequested, `my-data:${requestId}`, { requestId }, at.toISOString())]);
  return 'accepted';
};

export const mailMyDataLink = async (eventId: string, data: DataOf<typeof MyDataRequested>, at: Date) => {
  const token = await tokenOf(data.requestId);
  // A link that lapsed or was used before this (late) delivery is not sent.
  const email = await MyDataLinks.addressOf(token, at);
  if (!email) return;
  await sendMail({ key: eventId, to: email, ...myDataMail({ url: myDataUrl(token) }) }, at);
};

export const checkMyDataLink = (token: string, at: Date) => MyDataLinks.check(token, at);

/** One place (registration) as the person sees it. */
export interface HeldPlaceView {
  workshop: { title: string; startsAt: string; endsAt: string; timezone: string; status: string };
  status: string;
  displayName?: string;
  accessibilityNeeds?: string;
  registeredAt: string;
  confirmedAt?: string;
  attendedAt?: string;
}

export interface PendingMail {
  what: string;
  at: string;
  /** The zone of the workshop it is about, to show `at` in. */
  timezone: string;
}

/** Everything Hearth holds about an address, as /my-data shows it and its JSON download carries it. */
export interface MyData {
  email: string;
  generatedAt: string;
  registrations: HeldPlaceView[];
  mailingList?: {
    status: string;
    displayName?: string;
    topics: string[];
    joinedAt: string;
    confirmedAt?: string;
    leftAt?: string;
    consent?: { wording: string; at: string };
  };
  pendingMails: PendingMail[];
  surveyAnswers: string;
}

export const SURVEY_ANSWERS_NOTE =
  'Survey answers are not listed: they are stored without any link to you or your address, so nobody, us included, can tell which answers are yours.';

/** Gathers what is held about `email` now. */
export const myData = async (email: string, at: Date): Promise<MyData> => {
  const [places, subscriber, topics] = await Promise.all([Registrations.heldBy(email), Subscribers.findByEmail(email), Topics.list()]);
  const pendingMails: PendingMail[] = places
    .filter(({ workshop, registration }) => workshop.status === 'published' && registration.status === 'confirmed')
    .flatMap(({ workshop }) =>
      (workshop.reminderOffsetsMinutes ?? [])
        .map((minutes) => new Date(Date.parse(workshop.startsAt) - minutes * 60_000))
        .filter((instant) => instant.getTime() > at.getTime())
        .map((instant) => ({ what: `A reminder of ${workshop.title}`, at: instant.toISOString(), timezone: workshop.timezone })),
    )
    .sort((a, b) => a.at.localeCompare(b.at));
  return {
    email: normalizeEmail(email),
    generatedAt: at.toISOString(),
    registrations: places.map(({ workshop, registration }) => ({
      workshop: { title: workshop.title, startsAt: workshop.startsAt, endsAt: workshop.endsAt, timezone: workshop.timezone, status: workshop.status },
      status: registration.status,
      ...(registration.displayName ? { displayName: registration.displayName } : {}),
      ...(registration.accessibilityNeeds ? { accessibilityNeeds: registration.accessibilityNeeds } : {}),
      registeredAt: registration.createdAt,
      ...(registration.confirmedAt ? { confirmedAt: registration.confirmedAt } : {}),
      ...(registration.attendedAt ? { attendedAt: registration.attendedAt } : {}),
    })),
    ...(subscriber
      ? {
          mailingList: {
            status: subscriber.status,
            ...(subscriber.displayName ? { displayName: subscriber.displayName } : {}),
            topics: topicNames(subscriber.topics, topics),
            joinedAt: subscriber.createdAt,
            ...(subscriber.confirmedAt ? { confirmedAt: subscriber.confirmedAt } : {}),
            ...(subscriber.unsubscribedAt ? { leftAt: subscriber.unsubscribedAt } : {}),
            ...(subscriber.consent ? { consent: { wording: subscriber.consent.wording, at: subscriber.consent.at } } : {}),
          },
        }
      : {}),
    pendingMails,
    surveyAnswers: SURVEY_ANSWERS_NOTE,
  };
};

/** Uses the link (once) and answers what is held about its address, with a token to erase it, or why the link cannot be used. */
export const openMyData = async (token: string, at: Date): Promise<{ ok: true; data: MyData; erasureToken: string } | Exclude<Redemption, { ok: true }>> => {
  const redemption = await MyDataLinks.redeem(token, at);
  if (!redemption.ok) return redemption;
  const erasureToken = randomBytes(32).toString('base64url');
  await ErasureTokens.create(erasureToken, redemption.email, at);
  return { ok: true, data: await myData(redemption.email, at), erasureToken };
};

/** What an erasure token is now, without using it (the confirmation step). */
export const checkErasureToken = (token: string, at: Date) => ErasureTokens.check(token, at);

/** The confirmation pressed: uses the token once and erases everything about its address (./erase.ts). */
export const eraseMyData = async (token: string, at: Date): Promise<{ ok: true; erasure: Erasure } | Exclude<Redemption, { ok: true }>> => {
  const redemption = await ErasureTokens.redeem(token, at);
  if (!redemption.ok) return redemption;
  return { ok: true, erasure: await erasePerson(redemption.email, SELF_SERVICE, at) };
};

/**
 * What is held about `email`, for an admin answering a request made by phone or letter (the CLI's
 * `person export`): audited by who asked (an organizer id, or `cli`), never by the address.
 */
export const exportPersonData = async (email: string, actorId: string, at: Date): Promise<MyData> => {
  const data = await myData(email, at);
  await AuditLog.record(actorId, 'person-exported', undefined, at);
  return data;
};
