import * as z from 'zod/mini';
import '../zod-locale';
import { config } from '../config';
import { signToken, verifyToken } from '../tokens';
import type { Workshop } from './model';

/**
 * Self-service links in mails. The token names the registration by its random ids only; the URL
 * carries no address, name or workshop title. Each link has a purpose of its own (a calendar link
 * cannot cancel, and a cancel link cannot be read as a calendar link); both are valid until 30 days
 * after the workshop ends (a rescheduled workshop's mail carries a new link).
 */
const registrationData = z.object({ w: z.string().check(z.minLength(1), z.maxLength(64)), r: z.string().check(z.minLength(1), z.maxLength(64)) });

// Plain functions, not links built at module load: a call at the top of a module is kept by the
// bundler, and would put the token code (and the link secret's) into every bundle that imports
// this module for a path (test/infra/stack.test.ts "may read the link secret exactly when its code can").
const linkUrl = async (purpose: string, path: string, workshop: Pick<Workshop, 'id' | 'endsAt'>, registrationId: string): Promise<string> => {
  const expires = new Date(Date.parse(workshop.endsAt) + 30 * 24 * 3600 * 1000);
  const token = await signToken(purpose, { w: workshop.id, r: registrationId }, expires);
  return `${config.baseUrl}${path}?token=${encodeURIComponent(token)}`;
};

const readLink = async (purpose: string, token: string | undefined, at: Date) => {
  const result = await verifyToken(token, purpose, registrationData, at);
  return result.ok ? { ok: true as const, workshopId: result.value.w, registrationId: result.value.r } : result;
};

export const cancelUrl = (workshop: Pick<Workshop, 'id' | 'endsAt'>, registrationId: string) => linkUrl('cancel', '/registrations/cancel', workshop, registrationId);
export const readCancelToken = (token: string | undefined, at: Date) => readLink('cancel', token, at);

/** The registration's calendar file (.ics) as a download, for the "Add to calendar" link in reminders. */
export const calendarUrl = (workshop: Pick<Workshop, 'id' | 'endsAt'>, registrationId: string) => linkUrl('calendar', '/registrations/calendar', workshop, registrationId);
export const readCalendarToken = (token: string | undefined, at: Date) => readLink('calendar', token, at);

/** A workshop's public page. */
export const workshopPath = (id: string): string => `/workshops/${encodeURIComponent(id)}`;
