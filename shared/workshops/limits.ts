import { config } from '../config';
import { withinLimit } from '../kernel/rate-limit';
import { normalizeEmail } from '../kernel/email';

/**
 * How often anyone may ask to register, so that a script can neither fill a workshop nor mail
 * strangers about sensitive topics (which would also put the SES account at risk).
 * 1. Every valid request counts, per client (the source IP as the handler sees it) and per address
 *    (normalised, across workshops). The address counts whether or not it is registered anywhere:
 *    the limit says nothing about who is known.
 * 2. Both counters go up on every request (one atomic ADD each, fixed 10-minute windows); past
 *    either limit the answer is the same 429 for everyone, with the seconds until the window ends.
 */
export const REGISTRATION_WINDOW_MS = 10 * 60 * 1000;

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export const checkRegistrationLimits = async (client: string | undefined, email: string, at: Date): Promise<LimitCheck> => {
  const [byClient, byAddress] = await Promise.all([
    // API Gateway and the local runtime always name the source; without one, all share a counter.
    withinLimit('register-client', client || 'unknown', config.registrationLimitPerClient, REGISTRATION_WINDOW_MS, at),
    withinLimit('register-address', normalizeEmail(email), config.registrationLimitPerAddress, REGISTRATION_WINDOW_MS, at),
  ]);
  if (byClient && byAddress) return { ok: true };
  const windowEnds = (Math.floor(at.getTime() / REGISTRATION_WINDOW_MS) + 1) * REGISTRATION_WINDOW_MS;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - at.getTime()) / 1000)) };
};

/** The one message past either limit, the same for everyone (which limit is not said; Retry-After has the seconds). */
export const TOO_MANY_REGISTRATIONS =
  'There have been too many registration requests from your connection or for this address. Please try again in a few minutes.';
