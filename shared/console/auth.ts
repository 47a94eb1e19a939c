import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { config } from '../config';
import { makeEvent, type DataOf } from '../events/define';
import { publish } from '../events/publish';
import { sendMail } from '../mail/send';
import { organizerInvitationMail, signInMail } from './mails/sign-in';
import { deriveFromSecret } from '../tokens';
import { AuditLog } from '../kernel/audit-store';
import { OrganizerInvited, SignInRequested } from './events';
import { Organizers, type Organizer } from './organizer-store';
import { withinLimit } from '../kernel/rate-limit';
import { Sessions, type Session } from './session-store';
import { SignInLinks, type Redemption } from './sign-in-store';
import { normalizeEmail } from '../kernel/email';

/**
 * Sign-in by emailed link, and console sessions.
 * 1. A request is counted per client, per client and address, and per address (below); over a
 *    limit it is refused (429). The counting is the same for every address, known or not.
 * 2. For an organizer's address an event is published; for any other nothing happens. The answer
 *    is the same either way.
 * 3. The event's consumer derives the link's token from the event id (a redelivery makes the same
 *    token, and the mail ledger sends it once), stores its hash, and mails the link.
 * 4. Opening the link changes nothing; pressing its button uses it (once, within 15 minutes) and
 *    starts a 12-hour session whose id and CSRF token are random and stored hashed / server-side.
 *    It also marks the browser as a known device for that address (knownDeviceCookie).
 *
 * The limits, each per 15 minutes, are made so that a stranger cannot lock an organizer out:
 * - per client (its IP address): LIMIT_PER_CLIENT requests, whatever the addresses;
 * - per client and address: LIMIT_PER_CLIENT_ADDRESS, so one client's flood of an address uses up
 *   only its own share, never the organizer's from their own client;
 * - per address, from browsers not known for it: LIMIT_PER_ADDRESS in all (the cap that keeps many
 *   clients together from mailing an inbox without end);
 * - per address, from browsers that signed in as it before (the known-device cookie): a separate
 *   LIMIT_KNOWN_DEVICE, the floor that no flood from other clients can use up.
 */
const WINDOW_MS = 15 * 60 * 1000;
export const LIMIT_PER_CLIENT = 20;
export const LIMIT_PER_CLIENT_ADDRESS = 5;
export const LIMIT_PER_ADDRESS = 20;
export const LIMIT_KNOWN_DEVICE = 5;

/** The known-device cookie: set when a sign-in succeeds, sent back only to the sign-in pages. */
export const KNOWN_DEVICE_COOKIE = 'hearth_device';
export const KNOWN_DEVICE_DAYS = 365;

/** The cookie's value for an address: a keyed hash, so it names nobody and cannot be made without the secret. */
const knownDeviceValue = (email: string) => deriveFromSecret(`known-device:${normalizeEmail(email)}`);

export const knownDeviceCookie = async (email: string) =>
  `${KNOWN_DEVICE_COOKIE}=${await knownDeviceValue(email)}; Path=/console/sign-in; HttpOnly; SameSite=Lax; Max-Age=${KNOWN_DEVICE_DAYS * 24 * 3600}${config.baseUrl.startsWith('https://') ? '; Secure' : ''}`;

/** Whether `cookie` (the known-device cookie's value, if any) says this browser signed in as `email` before. */
const isKnownDevice = async (email: string, cookie: string | undefined) => {
  if (!cookie) return false;
  const expected = Buffer.from(await knownDeviceValue(email));
  const given = Buffer.from(cookie);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

export const requestSignIn = async (email: string, client: string, at: Date, deviceCookie?: string): Promise<'accepted' | 'limited'> => {
  const address = normalizeEmail(email);
  const known = await isKnownDevice(address, deviceCookie);
  const counted = await Promise.all([
    withinLimit('signin-client', client, LIMIT_PER_CLIENT, WINDOW_MS, at),
    withinLimit('signin-client-address', `${client}\n${address}`, LIMIT_PER_CLIENT_ADDRESS, WINDOW_MS, at),
    known ? withinLimit('signin-known-device', address, LIMIT_KNOWN_DEVICE, WINDOW_MS, at) : withinLimit('signin-address', address, LIMIT_PER_ADDRESS, WINDOW_MS, at),
  ]);
  if (counted.includes(false)) return 'limited';
  const organizer = await Organizers.findByEmail(email);
  if (organizer) {
    await publish([makeEvent(SignInRequested, `sign-in:${randomUUID()}`, { organizerId: organizer.id }, at.toISOString())]);
  }
  return 'accepted';
};

export const signInUrl = (token: string) => `${config.baseUrl}/console/sign-in/confirm?token=${encodeURIComponent(token)}`;

export const mailSignInLink = async (eventId: string, data: DataOf<typeof SignInRequested>, occurredAt: string, at: Date) => {
  const organizer = await Organizers.findById(data.organizerId);
  if (!organizer) return;
  const token = await deriveFromSecret(`sign-in:${eventId}`);
  // Valid from the request, not from a (late) delivery.
  await SignInLinks.create(token, organizer.email, new Date(occurredAt));
  await sendMail({ key: eventId, to: organizer.email, ...signInMail({ url: signInUrl(token) }) }, at);
};

export const checkSignInLink = (token: string, at: Date) => SignInLinks.check(token, at);

export interface StartedSession {
  sessionId: string;
  organizer: Organizer;
}

export const confirmSignIn = async (token: string, at: Date): Promise<StartedSession | Redemption> => {
  const redemption = await SignInLinks.redeem(token, at);
  if (!redemption.ok) return redemption;
  const organizer = await Organizers.findByEmail(redemption.email);
  if (!organizer) return { ok: false, reason: 'invalid' };
  const sessionId = randomBytes(32).toString('base64url');
  await Sessions.create(sessionId, organizer.email, randomBytes(32).toString('base64url'), at);
  await AuditLog.record(organizer.id, 'signed-in', undefined, at);
  return { sessionId, organizer };
};

export interface ConsoleSession {
  sessionId: string;
  session: Session;
  organizer: Organizer;
}

/** The live session behind a cookie value, with its organizer as they are now (role changes apply at once). */
export const findSession = async (sessionId: string | undefined, at: Date): Promise<ConsoleSession | undefined> => {
  if (!sessionId || !/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
  const session = await Sessions.find(sessionId, at);
  if (!session) return undefined;
  const organizer = await Organizers.findByEmail(session.email);
  // A session from before the organizer was (re-)added belongs to someone who was removed since.
  if (!organizer || organizer.createdAt > session.createdAt) return undefined;
  return { sessionId, session, organizer };
};

export const signOut = async (current: ConsoleSession, at: Date) => {
  await Sessions.revoke(current.sessionId, at);
  await AuditLog.record(current.organizer.id, 'signed-out', undefined, at);
};

/** Tells a newly added organizer where and how to sign in (there is no token in this mail). */
export const inviteOrganizer = (organizerId: string, at: Date) =>
  publish([makeEvent(OrganizerInvited, `organizer-invited:${organizerId}`, { organizerId }, at.toISOString())]);

export const mailOrganizerInvitation = async (eventId: string, data: DataOf<typeof OrganizerInvited>, at: Date) => {
  const organizer = await Organizers.findById(data.organizerId);
  if (!organizer) return;
  await sendMail({ key: eventId, to: organizer.email, ...organizerInvitationMail({ url: `${config.baseUrl}/console/sign-in`, role: organizer.role }) }, at);
};
