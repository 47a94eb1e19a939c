import * as z from 'zod/mini';
import '../zod-locale';
import { config } from '../config';
import { signToken, verifyToken } from '../tokens';
import type { Workshop } from './model';

/**
 * Self-service links in mails. The token names the registration by its random ids only; the URL
 * carries no address, name or workshop title.
 */
const CANCEL = 'cancel';
const cancelData = z.object({ w: z.string().check(z.minLength(1), z.maxLength(64)), r: z.string().check(z.minLength(1), z.maxLength(64)) });

/** Valid until 30 days after the workshop ends (a rescheduled workshop's mail carries a new link). */
export const cancelUrl = async (workshop: Pick<Workshop, 'id' | 'endsAt'>, registrationId: string): Promise<string> => {
  const expires = new Date(Date.parse(workshop.endsAt) + 30 * 24 * 3600 * 1000);
  const token = await signToken(CANCEL, { w: workshop.id, r: registrationId }, expires);
  return `${config.baseUrl}/registrations/cancel?token=${encodeURIComponent(token)}`;
};

export const readCancelToken = async (token: string | undefined, at: Date) => {
  const result = await verifyToken(token, CANCEL, cancelData, at);
  return result.ok ? { ok: true as const, workshopId: result.value.w, registrationId: result.value.r } : result;
};

/**
 * The registration's calendar file (.ics) as a download, for the "Add to calendar" link in
 * reminders. A purpose of its own: a calendar link cannot cancel, and a cancel link cannot be read
 * as a calendar link. Same lifetime as the cancel link.
 */
const CALENDAR = 'calendar';

export const calendarUrl = async (workshop: Pick<Workshop, 'id' | 'endsAt'>, registrationId: string): Promise<string> => {
  const expires = new Date(Date.parse(workshop.endsAt) + 30 * 24 * 3600 * 1000);
  const token = await signToken(CALENDAR, { w: workshop.id, r: registrationId }, expires);
  return `${config.baseUrl}/registrations/calendar?token=${encodeURIComponent(token)}`;
};

export const readCalendarToken = async (token: string | undefined, at: Date) => {
  const result = await verifyToken(token, CALENDAR, cancelData, at);
  return result.ok ? { ok: true as const, workshopId: result.value.w, registrationId: result.value.r } : result;
};

/** A workshop's public page. */
export const workshopPath = (id: string): string => `/workshops/${encodeURIComponent(id)}`;
