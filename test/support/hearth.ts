import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import ICAL from 'ical.js';
import { expect } from 'vitest';
import type { WorkshopItem } from '../../shared/workshops/workshop-store';
import type { StoredMail } from './local';

/**
 * What a person or an organizer's script does with a running Hearth: HTTP calls, the CLI, reading
 * the mails in the SES emulator. Works against any handle from test/support/local.ts.
 */
export interface Running {
  baseUrl: string;
  mailUrl: string;
  dynamoEndpoint: string;
  tableName: string;
  /** The runtime's data folder (its link secret is there). */
  dataDir: string;
  waitForIdle(timeoutMs?: number): Promise<void>;
}

const exec = promisify(execFile);

/** What the CLI needs of a running runtime. */
export type CliTarget = Pick<Running, 'baseUrl' | 'dynamoEndpoint' | 'tableName' | 'dataDir'>;

/**
 * The environment of the CLI (`npm run hearth`) against a running runtime: the local target, its
 * table, its data folder (the link secret) and its URL (the dead-letter commands ask the runtime).
 */
const cliEnv = (hearth: CliTarget): NodeJS.ProcessEnv => ({
  ...process.env,
  HEARTH_TARGET: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: hearth.dynamoEndpoint,
  TABLE_NAME: hearth.tableName,
  HEARTH_DATA_DIR: hearth.dataDir,
  HEARTH_BASE_URL: hearth.baseUrl,
});

/** The CLI's command line, run from the project's root. */
const CLI = ['node_modules/.bin/tsx', 'infra/cli.ts'] as const;

/**
 * Runs the real CLI (`npm run hearth -- ...args`) against a running runtime; answers its output, or
 * rejects with the exit code and output when it fails (execFile's error: code, stdout, stderr).
 */
export const cli = (hearth: CliTarget, ...args: string[]): Promise<{ stdout: string; stderr: string }> =>
  exec(CLI[0], [CLI[1], ...args], { env: cliEnv(hearth), maxBuffer: 20 * 1024 * 1024 });

/**
 * As cli, on a pseudo-terminal made by util-linux `script` (stdout and stderr both go to it, and
 * come back as stdout); arguments are joined with spaces, unquoted.
 */
export const cliOnTerminal = (hearth: CliTarget, ...args: string[]): Promise<{ stdout: string; stderr: string }> =>
  exec('/usr/bin/script', ['-qec', [...CLI, ...args].join(' '), '/dev/null'], { env: cliEnv(hearth) });

export interface ApiKeyOptions {
  name?: string;
  /** `--role` (kept for compatibility); without `scopes`, the key gets this role's scopes. */
  role?: 'admin' | 'organizer';
  /** `--scopes a,b`. */
  scopes?: string[];
  /** `--expires-days N`. */
  expiresDays?: number;
}

/** Creates an API key with the real CLI against the runtime's database; answers the key and its id. */
export const createApiKeyWithId = async (hearth: Running, options: ApiKeyOptions = {}): Promise<{ secret: string; id: string }> => {
  const args = ['api-key', 'create', '--name', options.name ?? 'test'];
  if (options.scopes) args.push('--scopes', options.scopes.join(','));
  if (options.role || !options.scopes) args.push('--role', options.role ?? 'admin');
  if (options.expiresDays !== undefined) args.push('--expires-days', String(options.expiresDays));
  const { stdout, stderr } = await cli(hearth, ...args);
  const lines = stdout.trim().split('\n');
  const id = stderr.match(/Created API key ([0-9a-f-]{36})/)?.[1];
  if (!id) throw new Error(`No key id in: ${stderr}`);
  return { secret: lines[lines.length - 1]!.trim(), id };
};

/**
 * Creates an API key with the real CLI against the runtime's database (a role, or options); answers
 * the key. Unless told otherwise it lasts ten years: tests move the local clock months ahead, past
 * the default 90 days (test/integration/api-keys.test.ts tests the default).
 */
export const createApiKey = async (hearth: Running, roleOrOptions: 'admin' | 'organizer' | ApiKeyOptions = 'admin'): Promise<string> => {
  const options = typeof roleOrOptions === 'string' ? { role: roleOrOptions } : roleOrOptions;
  return (await createApiKeyWithId(hearth, { expiresDays: 3650, ...options })).secret;
};

export const api = async (hearth: Running, method: string, path: string, body?: unknown, key?: string) => {
  const response = await fetch(`${hearth.baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
};

export const form = async (hearth: Running, path: string, fields: Record<string, string>) => {
  const response = await fetch(`${hearth.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
};

/** GETs a path or a full link (mails carry absolute links) from the running platform. */
export const page = async (hearth: Running, pathOrLink: string) => {
  const path = pathOrLink.startsWith('http') ? new URL(pathOrLink).pathname + new URL(pathOrLink).search : pathOrLink;
  const response = await fetch(`${hearth.baseUrl}${path}`, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
};

let counter = 0;
/** A workshop starting in 3 days, as an organizer would send it. */
export const workshopInput = (overrides: Record<string, unknown> = {}) => {
  counter += 1;
  const start = new Date(Date.now() + 3 * 24 * 3600 * 1000);
  start.setUTCMinutes(0, 0, 0);
  return {
    title: `Peer circle ${counter}`,
    description: 'A facilitated circle.',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 90 * 60 * 1000).toISOString(),
    timezone: 'America/New_York',
    capacity: 2,
    waitlist: true,
    onlineUrl: 'https://meet.example.org/secret-room',
    location: 'Room 4, 12 Example Street',
    facilitator: 'Sam',
    ...overrides,
  };
};

/**
 * A published workshop item as the store keeps it, written as of `at`, an hour long, for tests that
 * put one into the table directly (WorkshopStore.create) with the state they need.
 */
export const workshopItem = (id: string, startsAt: Date, at: Date, overrides: Partial<WorkshopItem> = {}): WorkshopItem => ({
  id,
  title: 'Test circle',
  description: '',
  startsAt: startsAt.toISOString(),
  endsAt: new Date(startsAt.getTime() + 3600 * 1000).toISOString(),
  timezone: 'UTC',
  capacity: 3,
  waitlist: true,
  discreet: false,
  location: 'Room 1',
  status: 'published',
  confirmedCount: 0,
  waitlistCount: 0,
  waitlistSeq: 0,
  waitlistLeft: 0,
  sequence: 0,
  reminderOffsetsMinutes: [],
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
  ...overrides,
});

/** A workshop as the organizer API answers it: the fields the tests read. */
export interface PublishedWorkshop {
  id: string;
  capacity: number;
  sequence: number;
  startsAt: string;
  endsAt: string;
  reminderOffsetsMinutes: number[];
}

/** Creates and publishes a workshop; answers it (organizer view). */
export const publishedWorkshop = async (hearth: Running, key: string, overrides: Record<string, unknown> = {}): Promise<PublishedWorkshop> => {
  const created = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(overrides), key);
  expect(created.status, created.text).toBe(201);
  const published = await api(hearth, 'POST', `/api/organizer/workshops/${created.json.workshop.id}/publish`, undefined, key);
  expect(published.status, published.text).toBe(200);
  return published.json.workshop as PublishedWorkshop;
};

export const registerJson = (hearth: Running, workshopId: string, email: string, extra: Record<string, unknown> = {}) =>
  api(hearth, 'POST', `/api/workshops/${workshopId}/registrations`, { email, consent: true, ...extra });

/** A line of the organizer API's roster (`GET /api/organizer/workshops/{id}/registrations`). */
export interface RosterLine {
  id: string;
  email: string;
  displayName: string | null;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  waitlistPosition: number | null;
  accessibilityNeeds: string | null;
  createdAt: string;
  attended: boolean;
}

export const roster = async (hearth: Running, key: string, workshopId: string): Promise<RosterLine[]> => {
  const response = await api(hearth, 'GET', `/api/organizer/workshops/${workshopId}/registrations`, undefined, key);
  expect(response.status, response.text).toBe(200);
  return response.json.registrations as RosterLine[];
};

/** The active registration of `email` (any case) as the organizer API shows it, if any. */
export const registrationOf = async (hearth: Running, key: string, workshopId: string, email: string): Promise<RosterLine | undefined> =>
  (await roster(hearth, key, workshopId)).find((line) => line.email === email.trim().toLowerCase() && line.status !== 'cancelled');

/**
 * Registers `email` through the public API (which answers only 202 "received", whatever happened),
 * then reads the outcome where an organizer sees it; expects `status` and answers the registration.
 */
export const registeredLine = async (
  hearth: Running,
  key: string,
  workshopId: string,
  email: string,
  status: 'confirmed' | 'waitlisted' = 'confirmed',
  extra: Record<string, unknown> = {},
): Promise<RosterLine> => {
  const response = await registerJson(hearth, workshopId, email, extra);
  expect(response.status, response.text).toBe(202);
  expect(response.json).toEqual({ status: 'received' });
  const line = await registrationOf(hearth, key, workshopId, email);
  expect(line?.status, email).toBe(status);
  return line!;
};

/** As registeredLine; answers the registration's id. */
export const registered = async (hearth: Running, key: string, workshopId: string, email: string, status: 'confirmed' | 'waitlisted' = 'confirmed') =>
  (await registeredLine(hearth, key, workshopId, email, status)).id;

/** The signed stamp (`shownAt`) of the registration form on a workshop page. */
export const formStampIn = (html: string): string => {
  const input = html.match(/<input[^>]*name="shownAt"[^>]*>/)?.[0];
  const value = input?.match(/value="([^"]*)"/)?.[1];
  if (!value) throw new Error('The page has no registration form with its stamp');
  return value.replace(/&amp;/g, '&');
};

/** Opens a workshop page as a browser does; answers the stamp of its registration form. */
export const shownForm = async (hearth: Running, workshopId: string): Promise<string> => {
  const shown = await page(hearth, `/workshops/${workshopId}`);
  expect(shown.status, shown.html).toBe(200);
  return formStampIn(shown.html);
};

/**
 * Sends the registration form as a browser does: with the hidden stamp of the form as it was shown
 * (`stamp`, or the page is opened now) and the honeypot left empty. Any `fields` given win.
 */
export const registerForm = async (hearth: Running, workshopId: string, fields: Record<string, string>, stamp?: string) =>
  form(hearth, `/workshops/${workshopId}/register`, { shownAt: stamp ?? (await shownForm(hearth, workshopId)), website: '', ...fields });

export const mails = async (hearth: Running): Promise<StoredMail[]> => {
  const response = await fetch(`${hearth.mailUrl}/store`);
  return ((await response.json()) as { emails: StoredMail[] }).emails;
};

/** The mails to `address` (any case), oldest first; only those with this subject when one is given. */
export const mailsTo = async (hearth: Running, address: string, subject?: string) =>
  (await mails(hearth)).filter(
    (mail) => mail.destination.to.map((to) => to.toLowerCase()).includes(address.toLowerCase()) && (subject === undefined || mail.subject === subject),
  );

/** The .ics attachment of a mail, parsed by a real iCalendar parser (ical.js). */
export const calendarOf = (mail: StoredMail) => {
  const attachment = mail.attachments.find((a) => a.contentType.startsWith('text/calendar') || a.filename?.endsWith('.ics'));
  if (!attachment) return undefined;
  const text = Buffer.from(attachment.content, 'base64').toString('utf8');
  const component = new ICAL.Component(ICAL.parse(text));
  const vevent = component.getFirstSubcomponent('vevent')!;
  return {
    text,
    method: component.getFirstPropertyValue('method'),
    uid: String(vevent.getFirstPropertyValue('uid')),
    sequence: Number(vevent.getFirstPropertyValue('sequence') ?? 0),
    status: vevent.getFirstPropertyValue('status'),
    start: (vevent.getFirstPropertyValue('dtstart') as unknown as ICAL.Time).toJSDate(),
    end: (vevent.getFirstPropertyValue('dtend') as unknown as ICAL.Time).toJSDate(),
    location: vevent.getFirstPropertyValue('location'),
    url: vevent.getFirstPropertyValue('url'),
  };
};

/** The first link to `path` with a token (`https://…<path>?token=…`) in a mail's text body. */
export const tokenLinkIn = (mail: StoredMail, path: string): string => {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = (mail.body.text ?? '').match(new RegExp(`https?://[^\\s]+${escaped}\\?token=[A-Za-z0-9._%-]+`));
  if (!match) throw new Error(`No ${path} link in mail "${mail.subject}"`);
  return match[0];
};

/** The cancel link ("I can't make it") in a mail's text body. */
export const cancelLinkIn = (mail: StoredMail): string => tokenLinkIn(mail, '/registrations/cancel');

/** The "Add to calendar" link in a mail's text body. */
export const calendarLinkIn = (mail: StoredMail): string => tokenLinkIn(mail, '/registrations/calendar');

/** The personal survey link in a mail's text body. */
export const surveyLinkIn = (mail: StoredMail): string => tokenLinkIn(mail, '/survey');

/** The hidden token of the cancel page's one form. */
export const tokenInForm = (html: string): string | undefined => {
  const input = html.match(/<input[^>]*name="token"[^>]*>/)?.[0];
  const value = input?.match(/value="([^"]*)"/)?.[1];
  return value?.replace(/&amp;/g, '&');
};

/** Follows a cancel link as a person does: opens the page, then presses its one button. */
export const cancelThroughLink = async (hearth: Running, link: string) => {
  const opened = await page(hearth, link);
  expect(opened.status).toBe(200);
  const token = tokenInForm(opened.html);
  if (!token) throw new Error('The cancel page has no form with the token');
  return form(hearth, '/registrations/cancel', { token });
};
