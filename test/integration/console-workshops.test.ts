import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workshopKey } from '../../shared/workshops/keys';
import { addOrganizer, csrfOf, get, post, signIn } from '../support/console';
import { api, calendarOf, mailsTo, registerJson } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';
import { textOfId } from '../unit/web/html';

/**
 * The console's workshop pages against the local runtime, driven as a browser does: form posts with
 * the Origin header, the session cookie and the CSRF token from the page. Members register through
 * the public JSON API; what they receive is read from the SES emulator.
 */
let hearth: LocalHandle;
let documents: DynamoDBDocumentClient;
let cookie: string;
let csrf: string;
const lead = 'workshop-lead@example.org';

beforeAll(async () => {
  hearth = await startLocal();
  await addOrganizer(hearth, lead, 'organizer');
  cookie = await signIn(hearth, lead);
  csrf = await csrfOf(hearth, cookie);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
});

afterAll(async () => {
  await hearth?.stop();
});

let counter = 0;
/** A filled form, as the organizer would send it: a January evening in New York. */
const fields = (overrides: Record<string, string> = {}): Record<string, string> => {
  counter += 1;
  return {
    csrf,
    title: `Console circle ${counter}`,
    description: 'A facilitated circle.',
    facilitator: 'Sam',
    date: '2030-01-15',
    startTime: '18:00',
    endTime: '19:30',
    timezone: 'America/New_York',
    capacity: '5',
    waitlist: 'true',
    location: '',
    onlineUrl: 'https://meet.example.org/console-room',
    ...overrides,
  };
};

const stored = async (id: string) =>
  (await documents.send(new GetCommand({ TableName: hearth.tableName, Key: workshopKey(id), ConsistentRead: true }))).Item;

const allItems = async () => (await documents.send(new ScanCommand({ TableName: hearth.tableName, ConsistentRead: true }))).Items ?? [];

/** Every item in the table, in a stable order: equal snapshots mean nothing was written. */
const snapshot = async () => {
  await hearth.waitForIdle();
  return (await allItems()).map((item) => JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))).sort();
};

/** Creates a draft through the form; answers its id. */
const create = async (overrides: Record<string, string> = {}) => {
  const response = await post(hearth, '/console/workshops', fields(overrides), { cookie });
  expect(response.status, await response.clone().text()).toBe(303);
  const id = response.headers.get('location')?.match(/^\/console\/workshops\/([0-9a-f-]{36})\?done=created$/)?.[1];
  expect(id, response.headers.get('location') ?? '').toBeTruthy();
  return id!;
};

const publish = async (id: string) => {
  const response = await post(hearth, `/console/workshops/${id}/publish`, { csrf }, { cookie });
  expect(response.status, await response.clone().text()).toBe(303);
  expect(response.headers.get('location')).toBe(`/console/workshops/${id}?done=published`);
};

/** A member registers; the answer says only "received", the mail says what came of it. */
const register = async (id: string, email: string, outcome: 'Your place is confirmed' | 'You are on the waitlist' = 'Your place is confirmed') => {
  const response = await registerJson(hearth, id, email);
  expect(response.status, response.text).toBe(202);
  await hearth.waitForIdle();
  expect((await mailsTo(hearth, email)).map((mail) => mail.subject)).toEqual([outcome]);
};

const html = async (path: string) => {
  const response = await get(hearth, path, cookie);
  return { status: response.status, html: await response.text() };
};

/** The text of the element with this id in a page (tags removed, entities decoded). */
describe('creating a workshop in the console', () => {
  it('offers the form with the CSRF token and the usual time zone', async () => {
    const page = await html('/console/workshops/new');
    expect(page.status).toBe(200);
    expect(page.html).toContain('action="/console/workshops"');
    expect(page.html).toMatch(new RegExp(`name="csrf" value="${csrf}"`));
    expect(page.html).toMatch(/<option value="America\/New_York" selected>/);
    for (const name of ['title', 'description', 'facilitator', 'date', 'startTime', 'endTime', 'timezone', 'capacity', 'waitlist', 'discreet', 'location', 'onlineUrl']) {
      expect(page.html, name).toContain(`<label for="${name}">`);
    }
  });

  it('creates a draft (303 to its page) with the instants of the typed wall-clock times in their zone', async () => {
    const id = await create({ title: 'Winter circle in New York' });
    const item = await stored(id);
    expect(item).toMatchObject({
      title: 'Winter circle in New York',
      status: 'draft',
      startsAt: '2030-01-15T23:00:00.000Z',
      endsAt: '2030-01-16T00:30:00.000Z',
      timezone: 'America/New_York',
      capacity: 5,
      waitlist: true,
      facilitator: 'Sam',
      onlineUrl: 'https://meet.example.org/console-room',
    });
    expect(item!.location).toBeUndefined();

    // Summer in Berlin: UTC+2, so 18:00 there is 16:00 UTC.
    const berlin = await create({ title: 'Summer circle in Berlin', date: '2030-07-15', timezone: 'Europe/Berlin', waitlist: '', location: 'Room 3' });
    expect(await stored(berlin)).toMatchObject({ startsAt: '2030-07-15T16:00:00.000Z', endsAt: '2030-07-15T17:30:00.000Z', waitlist: false, location: 'Room 3' });

    const page = await html(`/console/workshops/${id}?done=created`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Winter circle in New York');
    expect(page.html).toContain('Tuesday, January 15, 2030, 6:00 – 7:30 PM Eastern Standard Time');
    expect(page.html).toContain('https://meet.example.org/console-room');
    expect(page.html).toMatch(/saved as a draft/);
    expect(page.html).toContain(`action="/console/workshops/${id}/publish"`);

    const edit = await html(`/console/workshops/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.html).toContain(`action="/console/workshops/${id}"`);
    expect(edit.html).toMatch(/id="date"[^>]*value="2030-01-15"/);
    expect(edit.html).toMatch(/id="startTime"[^>]*value="18:00"/);
  });

  it('refuses invalid input with 400, each error next to its field, the typed values kept, and writes nothing', async () => {
    const before = await snapshot();
    const response = await post(
      hearth,
      '/console/workshops',
      fields({ title: '', capacity: 'many', date: '2030-03-10', startTime: '02:30', endTime: '04:00', onlineUrl: 'meet.example.org/room' }),
      { cookie },
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(textOfId(page, 'title-error')).toBe('Error: Enter a title');
    expect(textOfId(page, 'capacity-error')).toBe('Error: Enter a whole number, for example 12');
    expect(textOfId(page, 'startTime-error')).toMatch(/clocks .* jump forward/);
    expect(textOfId(page, 'onlineUrl-error')).toBe('Error: Must be a web address starting with https://');
    expect(page).toMatch(/id="capacity"[^>]*value="many"/);
    expect(page).toMatch(/id="onlineUrl"[^>]*value="meet.example.org\/room"/);
    expect(page).toMatch(new RegExp(`name="csrf" value="${csrf}"`));

    // A start in the past is the domain's refusal, shown the same way.
    const past = await post(hearth, '/console/workshops', fields({ date: '2020-01-15' }), { cookie });
    expect(past.status).toBe(400);
    expect(textOfId(await past.text(), 'startTime-error')).toBe('Error: Must be in the future');

    // Neither a location nor a link.
    const nowhere = await post(hearth, '/console/workshops', fields({ onlineUrl: '', location: '' }), { cookie });
    expect(nowhere.status).toBe(400);
    expect(textOfId(await nowhere.text(), 'location-error')).toBe('Error: Give a location or an online link');

    expect(await snapshot()).toEqual(before);
  });
});

describe('changing a workshop', () => {
  it('a new time: 303, and everyone registered gets the updated calendar entry', async () => {
    const id = await create();
    await publish(id);
    const person = 'moved@example.org';
    await register(id, person);
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, person)).toHaveLength(1);

    const response = await post(hearth, `/console/workshops/${id}`, fields({ date: '2030-01-16', startTime: '19:00', endTime: '20:30' }), { cookie });
    expect(response.status, await response.clone().text()).toBe(303);
    expect(response.headers.get('location')).toBe(`/console/workshops/${id}?done=rescheduled`);
    expect(await stored(id)).toMatchObject({ startsAt: '2030-01-17T00:00:00.000Z', endsAt: '2030-01-17T01:30:00.000Z', sequence: 1 });

    await hearth.waitForIdle();
    const mails = await mailsTo(hearth, person);
    expect(mails).toHaveLength(2);
    const changed = mails.at(-1)!;
    expect(changed.subject).toBe('A session you registered for has changed');
    const calendar = calendarOf(changed)!;
    expect(calendar).toBeDefined();
    expect(calendar.sequence).toBe(1);
    expect(calendar.start.toISOString()).toBe('2030-01-17T00:00:00.000Z');
    expect(calendar.end.toISOString()).toBe('2030-01-17T01:30:00.000Z');
    expect(calendar.uid).toBe(calendarOf(mails[0]!)!.uid);

    const page = await html(`/console/workshops/${id}?done=rescheduled`);
    expect(page.html).toContain('Wednesday, January 16, 2030, 7:00 – 8:30 PM Eastern Standard Time');
  });

  it('a change that is not of time or place mails nobody; an untouched form changes nothing', async () => {
    const id = await create();
    await publish(id);
    await register(id, 'stays@example.org');
    await hearth.waitForIdle();
    const values = fields({ title: 'Renamed circle' });
    const renamed = await post(hearth, `/console/workshops/${id}`, values, { cookie });
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get('location')).toBe(`/console/workshops/${id}?done=updated`);
    expect(await stored(id)).toMatchObject({ title: 'Renamed circle', sequence: 0 });
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'stays@example.org')).toHaveLength(1);

    const before = await snapshot();
    const same = await post(hearth, `/console/workshops/${id}`, values, { cookie });
    expect(same.headers.get('location')).toBe(`/console/workshops/${id}?done=unchanged`);
    expect(await snapshot()).toEqual(before);
  });

  it('a capacity below the confirmed count is refused next to the capacity field; nothing changes', async () => {
    const id = await create({ capacity: '2' });
    await publish(id);
    await register(id, 'first-seat@example.org');
    await register(id, 'second-seat@example.org');
    await hearth.waitForIdle();
    const before = await snapshot();

    const response = await post(hearth, `/console/workshops/${id}`, fields({ capacity: '1' }), { cookie });
    expect([400, 409]).toContain(response.status);
    const page = await response.text();
    expect(textOfId(page, 'capacity-error')).toBe('Error: 2 people already have a place; the capacity cannot be lower than that');
    expect(page).toMatch(/id="capacity"[^>]*value="1"/);
    expect(page).toMatch(/id="capacity"[^>]*aria-invalid="true"/);
    expect(await snapshot()).toEqual(before);
    expect(await stored(id)).toMatchObject({ capacity: 2, confirmedCount: 2 });
  });

  it('publishing puts it on the public list', async () => {
    const id = await create({ title: 'Soon to be public' });
    const listed = async () => ((await api(hearth, 'GET', '/api/workshops')).json.workshops as { id: string }[]).map((w) => w.id);
    expect(await listed()).not.toContain(id);
    expect((await registerJson(hearth, id, 'too-early@example.org')).status).toBe(404);
    await publish(id);
    expect(await listed()).toContain(id);
    expect(await (await fetch(`${hearth.baseUrl}/`)).text()).toContain('Soon to be public');
    const page = await html(`/console/workshops/${id}?done=published`);
    expect(page.html).not.toContain(`action="/console/workshops/${id}/publish"`);
    expect(page.html).toContain(`href="/workshops/${id}"`);
  });

  it('cancelling with a message mails it to everyone registered and takes the workshop off the list', async () => {
    const id = await create({ capacity: '1' });
    await publish(id);
    await register(id, 'had-a-seat@example.org');
    await register(id, 'was-waiting@example.org', 'You are on the waitlist');

    const message = 'Our facilitator is unwell. We will offer a new date soon – take care.';
    const response = await post(hearth, `/console/workshops/${id}/cancel`, { csrf, message }, { cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/console/workshops/${id}?done=cancelled`);
    expect(await stored(id)).toMatchObject({ status: 'cancelled', cancellationMessage: message });

    await hearth.waitForIdle();
    for (const person of ['had-a-seat@example.org', 'was-waiting@example.org']) {
      const cancelled = (await mailsTo(hearth, person)).filter((mail) => mail.subject === 'A session you registered for is cancelled');
      expect(cancelled, person).toHaveLength(1);
      expect(cancelled[0]!.body.text).toContain(message);
    }
    const seatMail = (await mailsTo(hearth, 'had-a-seat@example.org')).at(-1)!;
    expect(calendarOf(seatMail)?.status).toBe('CANCELLED');

    const listed = ((await api(hearth, 'GET', '/api/workshops')).json.workshops as { id: string }[]).map((w) => w.id);
    expect(listed).not.toContain(id);
    const page = await html(`/console/workshops/${id}?done=cancelled`);
    expect(page.html).toContain('This workshop is cancelled.');
    expect(page.html).not.toContain(`action="/console/workshops/${id}/cancel"`);
    expect((await html(`/console/workshops/${id}/edit`)).status).toBe(409);
  });

  it('a cancel message that is too long is shown next to its field; nothing is cancelled', async () => {
    const id = await create();
    const before = await snapshot();
    const response = await post(hearth, `/console/workshops/${id}/cancel`, { csrf, message: 'x'.repeat(2001) }, { cookie });
    expect(response.status).toBe(400);
    expect(textOfId(await response.text(), 'message-error')).toBe('Error: At most 2000 characters');
    expect(await snapshot()).toEqual(before);
  });
});

describe('a discreet workshop from the console', () => {
  it('the Discreet box is stored, shown ticked on the edit form, mails under the neutral sender and date, and unticking it stores false', async () => {
    const id = await create({ title: 'Grief circle for survivors', discreet: 'true' });
    expect((await stored(id))?.discreet).toBe(true);
    expect((await html(`/console/workshops/${id}/edit`)).html).toMatch(/<input type="checkbox" id="discreet" name="discreet" value="true"[^>]* checked/);
    await publish(id);
    expect((await registerJson(hearth, id, 'discreet-one@example.org')).status).toBe(202);
    await hearth.waitForIdle();
    const [mail] = await mailsTo(hearth, 'discreet-one@example.org');
    expect(mail?.subject).toBe('Your session on Tuesday, January 15, 2030 is confirmed');
    expect(mail?.from).toBe('"Hearth" <no-reply@hearth.localhost>');
    expect(calendarOf(mail!)?.text).toMatch(/^SUMMARY:Appointment\r?$/m);
    expect(mail?.body.text).toContain('Workshop: Grief circle for survivors');
    expect((await post(hearth, `/console/workshops/${id}`, fields({ title: 'Grief circle for survivors' }), { cookie })).status).toBe(303);
    expect((await stored(id))?.discreet).toBe(false);
  });
});

describe('a workshop that keeps its registrations for less than the organisation does', () => {
  it('stores the days from the form, shows when they go, refuses more than the organisation’s 90 days on the field and changes nothing, and an emptied field brings back the 90', async () => {
    const id = await create({ retentionDays: '30' });
    expect((await stored(id))?.retentionDays).toBe(30);
    const edit = await html(`/console/workshops/${id}/edit`);
    expect(edit.html).toMatch(/<input[^>]* id="retentionDays" name="retentionDays"[^>]* value="30"/);
    expect(textOfId((await html(`/console/workshops/${id}`)).html, 'workshop-facts')).toContain('Registrations erased 30 days after it ends, on Thursday, February 14, 2030; the counts stay');

    const before = await snapshot();
    const longer = await post(hearth, `/console/workshops/${id}`, fields({ retentionDays: '200' }), { cookie });
    expect(longer.status).toBe(400);
    expect(textOfId(await longer.text(), 'retentionDays-error')).toBe(
      "Error: At most 90 days: a workshop can only shorten the organisation's period (HEARTH_RETENTION_REGISTRATION_DAYS)",
    );
    const words = await post(hearth, `/console/workshops/${id}`, fields({ retentionDays: 'a month' }), { cookie });
    expect(words.status).toBe(400);
    expect(textOfId(await words.text(), 'retentionDays-error')).toBe('Error: Enter a whole number of days, for example 30, or leave it empty');
    expect(await snapshot()).toEqual(before);

    expect((await post(hearth, `/console/workshops/${id}`, fields({ retentionDays: '' }), { cookie })).status).toBe(303);
    expect((await stored(id))?.retentionDays).toBeUndefined();
    expect(textOfId((await html(`/console/workshops/${id}`)).html, 'workshop-facts')).toContain('Registrations erased 90 days after it ends');
  });
});

describe('console workshop security', () => {
  it('refuses every POST without the CSRF token, with a wrong one, or from another origin (403), and changes nothing', async () => {
    const id = await create();
    const before = await snapshot();
    const routes: [string, Record<string, string>][] = [
      ['/console/workshops', fields()],
      [`/console/workshops/${id}`, fields({ capacity: '9', date: '2030-02-01' })],
      [`/console/workshops/${id}/publish`, {}],
      [`/console/workshops/${id}/cancel`, { message: 'Cancelled by a forged form' }],
    ];
    for (const [path, form] of routes) {
      const { csrf: _token, ...withoutToken } = form;
      expect((await post(hearth, path, withoutToken, { cookie })).status, `${path} without a token`).toBe(403);
      expect((await post(hearth, path, { ...withoutToken, csrf: 'wrong' }, { cookie })).status, `${path} with a wrong token`).toBe(403);
      expect((await post(hearth, path, { ...withoutToken, csrf }, { cookie, origin: 'https://evil.example' })).status, `${path} from another origin`).toBe(403);
      expect((await post(hearth, path, { ...withoutToken, csrf }, { cookie, origin: null })).status, `${path} without an origin`).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
    expect(await stored(id)).toMatchObject({ status: 'draft', capacity: 5 });
  });

  it('sends people who are not signed in to sign in, and writes nothing', async () => {
    const before = await snapshot();
    for (const path of ['/console/workshops/new', `/console/workshops/${randomUUID()}`]) {
      const response = await get(hearth, path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/console/sign-in');
    }
    const response = await post(hearth, '/console/workshops', fields());
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console/sign-in');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for unknown workshops', async () => {
    const unknown = randomUUID();
    expect((await html(`/console/workshops/${unknown}`)).status).toBe(404);
    expect((await html(`/console/workshops/${unknown}/edit`)).status).toBe(404);
    expect((await html(`/console/workshops/${'x'.repeat(300)}`)).status).toBe(404);
    expect((await post(hearth, `/console/workshops/${unknown}`, fields(), { cookie })).status).toBe(404);
    expect((await post(hearth, `/console/workshops/${unknown}/publish`, { csrf }, { cookie })).status).toBe(404);
    expect((await post(hearth, `/console/workshops/${unknown}/cancel`, { csrf }, { cookie })).status).toBe(404);
    expect(await stored(unknown)).toBeUndefined();
  });

  it('records each change in the audit log: who (an id), what, which workshop; no personal data', async () => {
    const id = await create();
    expect((await post(hearth, `/console/workshops/${id}`, fields({ capacity: '8' }), { cookie })).status).toBe(303);
    await publish(id);
    expect((await post(hearth, `/console/workshops/${id}/cancel`, { csrf, message: 'Sorry' }, { cookie })).status).toBe(303);
    // Repeats change nothing and are not recorded again.
    expect((await post(hearth, `/console/workshops/${id}/publish`, { csrf }, { cookie })).status).toBe(409);
    expect((await post(hearth, `/console/workshops/${id}/cancel`, { csrf }, { cookie })).status).toBe(303);

    const audit = (await allItems()).filter((item) => String(item.pk).startsWith('AUDIT#'));
    const entries = audit.filter((item) => item.target === id).sort((a, b) => String(a.at).localeCompare(String(b.at)));
    expect(entries.map((entry) => entry.action)).toEqual(['workshop-created', 'workshop-updated', 'workshop-published', 'workshop-cancelled']);
    const actors = new Set(entries.map((entry) => entry.actorId));
    expect(actors.size).toBe(1);
    const signedIn = audit.find((item) => item.action === 'signed-in');
    expect([...actors][0]).toBe(signedIn?.actorId);
    expect(JSON.stringify(entries)).not.toContain('@');
    expect(JSON.stringify(entries)).not.toContain('Sorry');
    // Every console workshop action in this file left an entry.
    const actions = new Set(audit.map((item) => item.action));
    for (const action of ['workshop-created', 'workshop-updated', 'workshop-published', 'workshop-cancelled']) expect(actions.has(action), action).toBe(true);
  });
});
