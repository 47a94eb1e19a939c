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

const registrationLink = (purpose: string, path: string) => ({
  url: async (workshop: Pick<Workshop, 'id' | 'endsAt'>, registrationId: string): Promise<string> => {
    const expires = new Date(Date.parse(workshop.endsAt) + 30 * 24 * 3600 * 1000);
    const token = await signToken(purpose, { w: workshop.id, r: registrationId }, expires);
    return `${config.baseUrl}${path}?token=${encodeURIComponent(token)}`;
  },
  read: async (token: string | undefined, at: Date) => {
    const result = await verifyToken(token, purpose, registrationData, at);
    return result.ok ? { ok: true as const, workshopId: result.value.w, registrationId: result.value.r } : result;
  },
});

const cancelLink = registrationLink('cancel', '/registrations/cancel');
export const cancelUrl = cancelLink.url;
export const readCancelToken = cancelLink.read;

/** The registration's calendar file (.ics) as a download, for the "Add to calendar" link in reminders. */
const calendarLink = registrationLink('calendar', '/registrations/calendar');
export const calendarUrl = calendarLink.url;
export const readCalendarToken = calendarLink.read;

/** A workshop's public page. */
export const workshopPath = (id: string): string => `/workshops/${encodeURIComponent(id)}`;
