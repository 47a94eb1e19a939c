import { timingSafeEqual } from 'node:crypto';
import { now } from '../clock';
import { organizerActor, type Actor } from '../kernel/actor';
import { config } from '../config';
import { HttpError, HttpRedirect } from '../http/errors';
import { formBody, type HttpEvent } from '../http/request';
import { findSession, type ConsoleSession } from './auth';
import type { OrganizerRole } from './organizer-store';
import { SESSION_TTL_MS } from './session-store';

/**
 * What every console request checks: the session cookie, the role, and for every state-changing
 * form the Origin header and the session's CSRF token. Requests that fail answer 403 (or go to
 * sign-in) and change nothing.
 */
export const SESSION_COOKIE = 'hearth_session';

const secure = () => config.baseUrl.startsWith('https://');

export const sessionCookie = (sessionId: string) =>
  `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}${secure() ? '; Secure' : ''}`;

export const clearedSessionCookie = () => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure() ? '; Secure' : ''}`;

export const cookie = (event: HttpEvent, name: string): string | undefined => {
  for (const entry of event.cookies ?? []) {
    const index = entry.indexOf('=');
    if (index > 0 && entry.slice(0, index).trim() === name) return entry.slice(index + 1).trim();
  }
  return undefined;
};

/** A state-changing request must come from Hearth's own pages (login CSRF included). */
export const requireSameOrigin = (event: HttpEvent) => {
  const origin = event.headers?.origin;
  if (!origin || origin !== new URL(config.baseUrl).origin) {
    throw new HttpError(403, 'This form must be sent from Hearth’s own pages. Nothing was changed; please go back and try again.');
  }
};

export const requireCsrf = (current: ConsoleSession, sent: string | undefined) => {
  const expected = Buffer.from(current.session.csrf);
  const given = Buffer.from(sent ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(403, 'This form has expired or did not come from your session. Nothing was changed; please reload the page and try again.');
  }
};

/** The signed-in organizer, or: sign in first (HTML) / 401 (API); a role that may not: 403. */
export const requireConsole = async (event: HttpEvent, at: Date, roles: OrganizerRole[] = ['admin', 'organizer']): Promise<ConsoleSession> => {
  const current = await findSession(cookie(event, SESSION_COOKIE), at);
  if (!current) {
    if (event.rawPath.startsWith('/api/')) throw new HttpError(401, 'Sign in first');
    throw new HttpRedirect('/console/sign-in');
  }
  if (!roles.includes(current.organizer.role)) throw new HttpError(403, 'Your role may not do that');
  return current;
};

/**
 * The gate of every state-changing console form, in this order: same origin, a session with one
 * of the roles, the session's CSRF token. Nothing else is read or changed before it passes.
 */
export const requireConsoleForm = async (
  event: HttpEvent,
  at: Date,
  roles?: OrganizerRole[],
  /** A form carrying long text (a campaign's message) may be larger than the default (shared/http/request.ts). */
  maxBytes?: number,
): Promise<{ current: ConsoleSession; form: Record<string, string> }> => {
  requireSameOrigin(event);
  const current = await requireConsole(event, at, roles);
  const form = formBody(event, maxBytes);
  requireCsrf(current, form.csrf);
  return { current, form };
};

/**
 * The gate of a console form (requireConsoleForm) at this instant, which the change then uses as
 * its time, and the signed-in organizer as the actor of the domain operation it calls.
 */
export const consoleChange = async (
  event: HttpEvent,
  maxBytes?: number,
  roles?: OrganizerRole[],
): Promise<{ at: Date; current: ConsoleSession; form: Record<string, string>; actor: Actor }> => {
  const at = now();
  const { current, form } = await requireConsoleForm(event, at, roles, maxBytes);
  return { at, current, form, actor: organizerActor(current.organizer) };
};

/** A console page at this instant: the signed-in organizer (requireConsole), and them as an actor. */
export const consoleRead = async (event: HttpEvent, roles?: OrganizerRole[]): Promise<{ at: Date; current: ConsoleSession; actor: Actor }> => {
  const at = now();
  const current = await requireConsole(event, at, roles);
  return { at, current, actor: organizerActor(current.organizer) };
};
