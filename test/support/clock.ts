import { expect } from 'vitest';
import { mailsTo, publishedWorkshop, registered, type Running } from './hearth';

/**
 * The local runtime's one clock: GET /dev/clock reads it, POST /dev/clock {"set": "<instant>"}
 * moves it forward, firing the one-time schedules that fell due, each at its own instant, and
 * answers once their deliveries are done. The clock only moves forward, so a file that moves it
 * runs its tests in the order of their workshops' dates, each with workshops and addresses of its own.
 */
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** POST /dev/clock with this body (a string is sent as it is); answers the response, whatever it is. */
export const postClock = (hearth: Pick<Running, 'baseUrl'>, body: unknown) =>
  fetch(`${hearth.baseUrl}/dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** The runtime's clock now (GET /dev/clock), an ISO 8601 instant. */
export const clockNow = async (hearth: Pick<Running, 'baseUrl'>): Promise<string> =>
  ((await (await fetch(`${hearth.baseUrl}/dev/clock`)).json()) as { now: string }).now;

/** The one-time schedules still to fire (GET /dev/schedules). */
export const devSchedules = async (hearth: Pick<Running, 'baseUrl'>): Promise<{ name: string; at: string; detailType: string }[]> =>
  ((await (await fetch(`${hearth.baseUrl}/dev/schedules`)).json()) as { schedules: { name: string; at: string; detailType: string }[] }).schedules;

/** Moves the clock forward to `at`; every delivery it caused is done, none gone to the dead letters. */
export const setClock = async (hearth: Pick<Running, 'baseUrl'>, at: string) => {
  const response = await postClock(hearth, { set: at });
  const body = (await response.json()) as { deadLetters?: unknown[] };
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(body.deadLetters ?? []).toEqual([]);
};

/** Creates and publishes a 90-minute workshop at `startsAt`; answers once its schedules exist. */
export const scheduledWorkshop = async (hearth: Running, key: string, startsAt: string, overrides: Record<string, unknown> = {}) => {
  const workshop = await publishedWorkshop(hearth, key, { startsAt, endsAt: iso(Date.parse(startsAt) + 90 * MINUTE), ...overrides });
  await hearth.waitForIdle();
  return workshop;
};

/**
 * The helpers of a file that moves the clock, bound to its runtime and API key (read when called,
 * as both are made in beforeAll); `defaults` go into every workshop it publishes.
 */
export const clockTools = (hearth: () => Running, key: () => string, defaults: Record<string, unknown> = {}) => ({
  setClock: (at: string) => setClock(hearth(), at),
  published: (startsAt: string, overrides: Record<string, unknown> = {}) => scheduledWorkshop(hearth(), key(), startsAt, { ...defaults, ...overrides }),
  register: (workshopId: string, email: string, status: 'confirmed' | 'waitlisted' = 'confirmed') => registered(hearth(), key(), workshopId, email, status),
  mailsTo: (email: string, subject?: string) => mailsTo(hearth(), email, subject),
});
