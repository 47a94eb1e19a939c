import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalHandle } from '../support/local';
import {
  api,
  calendarOf,
  cancelLinkIn,
  cancelThroughLink,
  cli,
  createApiKey,
  form,
  mailsTo,
  page,
  publishedWorkshop,
  registerForm,
  registerJson,
  registeredLine,
  roster,
  shownForm,
  tokenInForm,
  workshopInput,
} from '../support/hearth';

/**
 * Workshop registration end to end: the handlers run unchanged in the local runtime, against
 * DynamoDB Local and the SES emulator, and are driven the way members and organizers drive them.
 */
let hearth: LocalHandle;
let key: string;
let documents: DynamoDBDocumentClient;

const countItems = async () => {
  const result = await documents.send(new ScanCommand({ TableName: hearth.tableName, Select: 'COUNT' }));
  return result.Count ?? 0;
};

beforeAll(async () => {
  // One client sends everything here: the per-client limit is raised; the limits and the minimum
  // fill time have their own file (registration-limits.test.ts).
  hearth = await startLocal({ env: { HEARTH_REGISTRATION_LIMIT_PER_CLIENT: '1000', HEARTH_REGISTRATION_MIN_FILL_MS: '0' } });
  key = await createApiKey(hearth);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
});

afterEach(async () => {
  // Every event of every test was handled: nothing ended in the dead-letter list unexpectedly.
  await hearth.waitForIdle();
  const { deadLetters } = await hearth.bus();
  expect(deadLetters.filter((letter) => !JSON.stringify(letter).includes('bad-event-'))).toEqual([]);
});

afterAll(async () => {
  await hearth?.stop();
});

describe('organizer API', () => {
  it('answers 401 without a valid API key and changes nothing', async () => {
    const before = await countItems();
    expect((await api(hearth, 'POST', '/api/organizer/workshops', workshopInput())).status).toBe(401);
    expect((await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(), 'hearth_' + 'x'.repeat(43))).status).toBe(401);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, 'Basic abc')).status).toBe(401);
    expect(await countItems()).toBe(before);
  });

  it('stores API keys hashed, lists them and revokes them with the CLI', async () => {
    const secret = await createApiKey(hearth, 'organizer');
    expect(secret).toMatch(/^hearth_[A-Za-z0-9_-]{43}$/);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret)).status).toBe(200);
    const everything = JSON.stringify((await documents.send(new ScanCommand({ TableName: hearth.tableName }))).Items);
    expect(everything).not.toContain(secret);
    const listed = await cli(hearth, 'api-key', 'list');
    const id = listed.stdout.split('\n').find((line) => line.includes('\torganizer\tactive'))!.split('\t')[0]!;
    await cli(hearth, 'api-key', 'revoke', '--id', id);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret)).status).toBe(401);
    const after = await cli(hearth, 'api-key', 'list');
    expect(after.stdout).toContain(`${id}\torganizer\trevoked`);
    await expect(cli(hearth, 'api-key', 'create', '--name', 'x', '--role', 'root')).rejects.toThrow(/role/);
  });

  it('creates a draft, hides it until published, then lists it without private details', async () => {
    const created = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput({ title: 'Draft circle' }), key);
    expect(created.status).toBe(201);
    expect(created.json.workshop).toMatchObject({ status: 'draft', title: 'Draft circle' });
    const id = created.json.workshop.id;
    expect((await api(hearth, 'GET', `/api/workshops/${id}`)).status).toBe(404);
    expect((await registerJson(hearth, id, 'early@example.org')).status).toBe(404);

    expect((await api(hearth, 'POST', `/api/organizer/workshops/${id}/publish`, undefined, key)).status).toBe(200);
    const listed = await api(hearth, 'GET', '/api/workshops');
    expect(listed.json.workshops.map((w: { id: string }) => w.id)).toContain(id);
    const one = await api(hearth, 'GET', `/api/workshops/${id}`);
    expect(one.status).toBe(200);
    expect(one.text).not.toContain('secret-room');
    expect(one.text).not.toContain('Example Street');
    const organizerList = await api(hearth, 'GET', '/api/organizer/workshops', undefined, key);
    expect(organizerList.json.workshops.find((w: { id: string }) => w.id === id)).toMatchObject({ status: 'published' });
  });

  it('refuses invalid workshops with field messages', async () => {
    const response = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput({ capacity: 0, timezone: 'Nowhere/Place', colour: 'red' }), key);
    expect(response.status).toBe(400);
    expect(Object.keys(response.json.error.fields).sort()).toEqual(['capacity', 'colour', 'timezone']);
  });
});

describe('registering', () => {
  it('confirms, keeps one seat for the same email, and mails a calendar file with the join link', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    const first = await registerJson(hearth, workshop.id, 'Robin@Example.org', { displayName: 'Robin', accessibilityNeeds: 'Captions please' });
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ status: 'received' });
    const again = await registerJson(hearth, workshop.id, '  robin@example.ORG ');
    expect(again.status).toBe(202);
    expect(again.text).toBe(first.text);

    const lines = await roster(hearth, key, workshop.id);
    expect(lines).toEqual([
      expect.objectContaining({ email: 'robin@example.org', displayName: 'Robin', status: 'confirmed', waitlistPosition: null, accessibilityNeeds: 'Captions please' }),
    ]);
    const id = lines[0]!.id;

    await hearth.waitForIdle();
    const received = await mailsTo(hearth, 'robin@example.org');
    // The confirmation and, for the repeat, what the address already has.
    expect(received.map((mail) => mail.subject).sort()).toEqual(['You already have a place', 'Your place is confirmed']);
    const mail = received.find((m) => m.subject === 'Your place is confirmed')!;
    expect(mail.subject).not.toContain('Peer circle');
    expect(mail.body.text).toContain('https://meet.example.org/secret-room');
    expect(mail.body.text).toMatch(/988/);
    expect(mail.body.html).toMatch(/988/);
    const ics = calendarOf(mail)!;
    expect(ics).toBeDefined();
    expect(ics.status).toBe('CONFIRMED');
    expect(ics.start.toISOString()).toBe(new Date(workshop.startsAt).toISOString());
    expect(ics.uid).toContain(id);

    const details = received.find((m) => m.subject === 'You already have a place')!;
    expect(details.body.text).toContain('nothing has changed');
    expect(details.body.text).toContain('https://meet.example.org/secret-room');
    expect(details.body.text).toContain('Eastern Standard Time');
    expect(calendarOf(details)!.uid).toBe(ics.uid);
    expect(cancelLinkIn(details)).toMatch(/\/registrations\/cancel\?token=/);
  });

  it('puts people on the waitlist in order once full, and refuses when there is no waitlist', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 1 });
    await registeredLine(hearth, key, workshop.id, 'seat@example.org', 'confirmed');
    const w1 = await registeredLine(hearth, key, workshop.id, 'wait1@example.org', 'waitlisted');
    const w2 = await registeredLine(hearth, key, workshop.id, 'wait2@example.org', 'waitlisted');
    expect(w1.waitlistPosition).toBe(1);
    expect(w2.waitlistPosition).toBe(2);

    await hearth.waitForIdle();
    const waitMail = (await mailsTo(hearth, 'wait2@example.org'))[0]!;
    expect(waitMail.body.text).toMatch(/\b2\b/);
    expect(waitMail.body.text).not.toContain('secret-room');
    expect(waitMail.body.text).not.toContain('Example Street');
    expect(calendarOf(waitMail)).toBeUndefined();

    const closed = await publishedWorkshop(hearth, key, { capacity: 1, waitlist: false });
    await registeredLine(hearth, key, closed.id, 'one@example.org', 'confirmed');
    const full = await registerJson(hearth, closed.id, 'two@example.org');
    expect(full.status).toBe(409);
    expect(full.json.error.message).toMatch(/full/i);
    expect((await roster(hearth, key, closed.id)).map((line) => line.email)).toEqual(['one@example.org']);
  });

  it('cancels only through the form behind the link, frees the seat and promotes the first waitlisted at once', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 1 });
    const seat = await registeredLine(hearth, key, workshop.id, 'leaver@example.org', 'confirmed');
    await registeredLine(hearth, key, workshop.id, 'next@example.org', 'waitlisted');
    await registeredLine(hearth, key, workshop.id, 'after@example.org', 'waitlisted');
    await hearth.waitForIdle();
    const link = cancelLinkIn((await mailsTo(hearth, 'leaver@example.org'))[0]!);
    expect(link).not.toMatch(/leaver|example\.org\/.*@/);

    // Opening the link (as a mail scanner would) changes nothing.
    const opened = await page(hearth, link);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('method="post"');
    await hearth.waitForIdle();
    let listed = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key);
    expect(listed.json.registrations.find((r: { id: string }) => r.id === seat.id).status).toBe('confirmed');

    const done = await cancelThroughLink(hearth, link);
    expect(done.status).toBe(200);
    await hearth.waitForIdle();
    listed = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key);
    const byEmail = Object.fromEntries(listed.json.registrations.map((r: { email: string }) => [r.email, r]));
    expect(byEmail['leaver@example.org']).toMatchObject({ status: 'cancelled' });
    expect(byEmail['next@example.org']).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(byEmail['after@example.org']).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const promotedMails = await mailsTo(hearth, 'next@example.org');
    expect(promotedMails).toHaveLength(2); // waitlisted, then confirmed with the calendar file
    expect(promotedMails.filter((mail) => calendarOf(mail))).toHaveLength(1);

    // Pressing the button again is harmless.
    const token = tokenInForm(opened.html)!;
    const repeated = await form(hearth, '/registrations/cancel', { token });
    expect(repeated.status).toBe(200);
    await hearth.waitForIdle();
    const after = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key);
    expect(after.json.registrations.filter((r: { status: string }) => r.status === 'confirmed')).toHaveLength(1);
    expect(await mailsTo(hearth, 'after@example.org')).toHaveLength(1);
  });

  it('erases a place’s accessibility needs when the person cancels it, and keeps the rest', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    const own = await registeredLine(hearth, key, workshop.id, 'needs-leaver@example.org', 'confirmed', { accessibilityNeeds: 'Step-free access, please' });
    const stays = await registeredLine(hearth, key, workshop.id, 'needs-stays@example.org', 'confirmed', { accessibilityNeeds: 'A quiet seat' });
    await hearth.waitForIdle();
    const raw = async (registrationId: string) =>
      (await documents.send(new GetCommand({ TableName: hearth.tableName, Key: { pk: `WS#${workshop.id}`, sk: `REG#${registrationId}` }, ConsistentRead: true }))).Item!;
    expect((await raw(own.id)).accessibilityNeeds).toBe('Step-free access, please');

    expect((await cancelThroughLink(hearth, cancelLinkIn((await mailsTo(hearth, 'needs-leaver@example.org'))[0]!))).status).toBe(200);
    await hearth.waitForIdle();

    const item = await raw(own.id);
    expect(item).toMatchObject({ status: 'cancelled', previousStatus: 'confirmed', email: 'needs-leaver@example.org' });
    expect(item).not.toHaveProperty('accessibilityNeeds');
    expect((await raw(stays.id)).accessibilityNeeds).toBe('A quiet seat');
  });

  it('mails an updated calendar file (same UID, higher SEQUENCE) on reschedule, and a cancelled one on cancel', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 1 });
    await registerJson(hearth, workshop.id, 'moved@example.org');
    await registerJson(hearth, workshop.id, 'moved-wait@example.org');
    await hearth.waitForIdle();
    const original = calendarOf((await mailsTo(hearth, 'moved@example.org'))[0]!)!;

    const later = new Date(Date.parse(workshop.startsAt) + 24 * 3600 * 1000);
    const changed = await api(hearth, 'PATCH', `/api/organizer/workshops/${workshop.id}`, {
      startsAt: later.toISOString(),
      endsAt: new Date(later.getTime() + 3600 * 1000).toISOString(),
    }, key);
    expect(changed.status).toBe(200);
    await hearth.waitForIdle();
    const movedMails = await mailsTo(hearth, 'moved@example.org');
    expect(movedMails).toHaveLength(2);
    const updated = calendarOf(movedMails[1]!)!;
    expect(updated.uid).toBe(original.uid);
    expect(updated.sequence).toBeGreaterThan(original.sequence);
    expect(updated.start.toISOString()).toBe(later.toISOString());
    const waitingMails = await mailsTo(hearth, 'moved-wait@example.org');
    expect(waitingMails).toHaveLength(2);
    expect(calendarOf(waitingMails[1]!)).toBeUndefined();

    const cancelled = await api(hearth, 'POST', `/api/organizer/workshops/${workshop.id}/cancel`, { message: 'Our facilitator is unwell.' }, key);
    expect(cancelled.status).toBe(200);
    await hearth.waitForIdle();
    const last = (await mailsTo(hearth, 'moved@example.org'))[2]!;
    const cancelledIcs = calendarOf(last)!;
    expect(cancelledIcs.status).toBe('CANCELLED');
    expect(cancelledIcs.uid).toBe(original.uid);
    expect(cancelledIcs.sequence).toBeGreaterThan(updated.sequence);
    expect(last.body.text).toContain('Our facilitator is unwell.');
    const listed = await api(hearth, 'GET', '/api/workshops');
    expect(listed.json.workshops.map((w: { id: string }) => w.id)).not.toContain(workshop.id);
    expect((await registerJson(hearth, workshop.id, 'late@example.org')).status).toBe(409);
  });

  it('promotes from the waitlist when the capacity grows, and refuses a capacity below the confirmed count', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 2 });
    for (const email of ['c1@example.org', 'c2@example.org', 'c3@example.org', 'c4@example.org']) await registerJson(hearth, workshop.id, email);
    const lower = await api(hearth, 'PATCH', `/api/organizer/workshops/${workshop.id}`, { capacity: 1 }, key);
    expect(lower.status).toBe(409);
    expect(lower.json.error.fields.capacity).toMatch(/2/);
    expect((await api(hearth, 'PATCH', `/api/organizer/workshops/${workshop.id}`, { capacity: 3 }, key)).status).toBe(200);
    await hearth.waitForIdle();
    const listed = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key);
    const statuses = Object.fromEntries(listed.json.registrations.map((r: { email: string; status: string }) => [r.email, r.status]));
    expect(statuses).toEqual({ 'c1@example.org': 'confirmed', 'c2@example.org': 'confirmed', 'c3@example.org': 'confirmed', 'c4@example.org': 'waitlisted' });
    expect((await mailsTo(hearth, 'c3@example.org')).filter((mail) => calendarOf(mail))).toHaveLength(1);
  });
});

/**
 * The answer to a registration must not say whether the address was known: a known and a new
 * address get the same status and the same bytes (the page names the address typed, which is the
 * request's own), in each public state a workshop can be in. Only the mail says what happened.
 */
describe('answers that reveal nobody', () => {
  const jsonAnswer = async (workshopId: string, email: string) => {
    const response = await registerJson(hearth, workshopId, email);
    return { status: response.status, type: response.headers.get('content-type'), body: response.text };
  };
  const pageAnswer = async (workshopId: string, email: string, stamp: string) => {
    const response = await registerForm(hearth, workshopId, { email, consent: 'true' }, stamp);
    return { status: response.status, type: response.headers.get('content-type'), body: response.html.split(email).join('ADDRESS') };
  };

  it.each([
    ['open', { capacity: 10, waitlist: true }, 'confirmed', 202],
    ['full with a waitlist', { capacity: 1, waitlist: true }, 'waitlisted', 202],
    ['full without a waitlist', { capacity: 1, waitlist: false }, 'confirmed', 409],
  ] as const)('%s: a known address and a new one get byte-identical answers (JSON and HTML)', async (state, options, knownStatus, expected) => {
    const workshop = await publishedWorkshop(hearth, key, options);
    // Both forms were opened while places were left, as a person's page may have been.
    const stamp = await shownForm(hearth, workshop.id);
    const tag = state.replace(/\W+/g, '-');
    if (knownStatus === 'waitlisted') await registeredLine(hearth, key, workshop.id, `seat-${tag}@example.org`, 'confirmed');
    const known = `known-${tag}@example.org`;
    await registeredLine(hearth, key, workshop.id, known, knownStatus);
    const before = await roster(hearth, key, workshop.id);

    const knownJson = await jsonAnswer(workshop.id, known.toUpperCase());
    const newJson = await jsonAnswer(workshop.id, `new-json-${tag}@example.org`);
    expect(knownJson.status).toBe(expected);
    expect(knownJson).toEqual(newJson);
    if (expected === 202) expect(JSON.parse(knownJson.body)).toEqual({ status: 'received' });
    else expect(JSON.parse(knownJson.body).error.message).toMatch(/full and has no waitlist/);

    const knownPage = await pageAnswer(workshop.id, known, stamp);
    const newPage = await pageAnswer(workshop.id, `new-page-${tag}@example.org`, stamp);
    expect(knownPage.status).toBe(expected === 202 ? 200 : 409);
    expect(knownPage).toEqual(newPage);
    if (expected === 202) expect(knownPage.body).toContain('<h1>Check your inbox</h1>');

    // What did happen is in the roster and the mails: the known address kept its one registration
    // and got what it already has, once for its two repeats (10 minutes apart at most one mail).
    const after = await roster(hearth, key, workshop.id);
    expect(after.filter((line) => line.email === known)).toEqual(before.filter((line) => line.email === known));
    if (expected === 409) expect(after).toEqual(before);
    else expect(after.map((line) => line.email).sort()).toEqual([...before.map((line) => line.email), `new-json-${tag}@example.org`, `new-page-${tag}@example.org`].sort());
    await hearth.waitForIdle();
    const theirs = (await mailsTo(hearth, known)).map((mail) => mail.subject).sort();
    const outcome = knownStatus === 'confirmed' ? 'Your place is confirmed' : 'You are on the waitlist';
    const details = knownStatus === 'confirmed' ? 'You already have a place' : 'You are already on the waitlist';
    expect(theirs).toEqual([details, outcome].sort());
    if (knownStatus === 'waitlisted') {
      const mail = (await mailsTo(hearth, known, details))[0]!;
      expect(mail.body.text).toContain('You are number 1 on the waitlist.');
      expect(mail.body.text).not.toContain('secret-room');
    }
  });

  it('a cancelled workshop refuses every address alike, and mails nobody', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 3 });
    await registeredLine(hearth, key, workshop.id, 'was-known@example.org', 'confirmed');
    expect((await api(hearth, 'POST', `/api/organizer/workshops/${workshop.id}/cancel`, undefined, key)).status).toBe(200);
    await hearth.waitForIdle();
    const mailsBefore = (await mailsTo(hearth, 'was-known@example.org')).length;
    const known = await jsonAnswer(workshop.id, 'was-known@example.org');
    const unknown = await jsonAnswer(workshop.id, 'never-known@example.org');
    expect(known.status).toBe(409);
    expect(known).toEqual(unknown);
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'was-known@example.org')).toHaveLength(mailsBefore);
  });
});

describe('the HTML pages', () => {
  it('registers through the form without JavaScript and shows errors next to the fields', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 3 });
    const list = await page(hearth, '/');
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/workshops/${workshop.id}`);
    expect(list.html).toMatch(/988/);
    const detail = await page(hearth, `/workshops/${workshop.id}`);
    expect(detail.html).toContain(`action="/workshops/${workshop.id}/register"`);
    expect(detail.html).not.toContain('secret-room');

    const before = await countItems();
    const invalid = await form(hearth, `/workshops/${workshop.id}/register`, { email: 'nope', displayName: 'Kim' });
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain('aria-invalid="true"');
    expect(invalid.html).toContain('value="Kim"');
    expect(await countItems()).toBe(before);

    const ok = await registerForm(hearth, workshop.id, { email: 'form@example.org', consent: 'true' });
    expect(ok.status).toBe(200);
    expect(ok.html).toMatch(/<h1>Check your inbox<\/h1>/);
    expect(ok.html).toContain('<strong>form@example.org</strong>');
    const listed = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, key);
    expect(listed.json.registrations.map((r: { email: string }) => r.email)).toEqual(['form@example.org']);
  });

  it('explains tampered and unknown cancel links without changing anything', async () => {
    const before = await countItems();
    const tampered = await page(hearth, '/registrations/cancel?token=eyJwIjoiY2FuY2VsIn0.AAAA');
    expect(tampered.status).toBeGreaterThanOrEqual(400);
    expect(tampered.status).toBeLessThan(500);
    const posted = await form(hearth, '/registrations/cancel', { token: 'forged.token' });
    expect(posted.status).toBeGreaterThanOrEqual(400);
    expect(posted.status).toBeLessThan(500);
    expect(await countItems()).toBe(before);
  });

  it('answers unknown workshops with a 404 page', async () => {
    const missing = await page(hearth, '/workshops/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.html).toMatch(/988/);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['malformed JSON → 400', '{"email": ', 400],
    ['wrong types → 400', JSON.stringify({ email: 7, consent: 'yes' }), 400],
    ['unknown fields → 400', JSON.stringify({ email: 'x@example.org', consent: true, admin: true }), 400],
    ['markup in the name → 400', JSON.stringify({ email: 'x@example.org', consent: true, displayName: '<script>x</script>' }), 400],
    ['CR/LF in the name → 400', JSON.stringify({ email: 'x@example.org', consent: true, displayName: 'a\r\nBcc: y@example.org' }), 400],
    ['a body over the limit → 413', JSON.stringify({ email: 'x@example.org', consent: true, accessibilityNeeds: 'x'.repeat(70_000) }), 413],
  ])('%s', async (_name, body, status) => {
    const workshop = await publishedWorkshop(hearth, key);
    const before = await countItems();
    const response = await api(hearth, 'POST', `/api/workshops/${workshop.id}/registrations`, body);
    expect(response.status).toBe(status);
    expect(typeof response.json.error.message).toBe('string');
    expect(await countItems()).toBe(before);
  });

  it('answers 404 for an unknown workshop id', async () => {
    const response = await registerJson(hearth, 'no-such-workshop', 'x@example.org');
    expect(response.status).toBe(404);
    expect(response.json.error.message).toMatch(/workshop/i);
  });
});

describe('mail suppression', () => {
  it('stops mailing an address that bounced and records the skip', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    await registerJson(hearth, workshop.id, 'bounce@simulator.amazonses.com');
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'bounce@simulator.amazonses.com')).toHaveLength(1);

    const later = new Date(Date.parse(workshop.startsAt) + 3600 * 1000);
    const changed = await api(hearth, 'PATCH', `/api/organizer/workshops/${workshop.id}`, { startsAt: later.toISOString(), endsAt: new Date(later.getTime() + 3600 * 1000).toISOString() }, key);
    expect(changed.status).toBe(200);
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'bounce@simulator.amazonses.com')).toHaveLength(1);
    const registrationId = (await roster(hearth, key, workshop.id))[0]!.id;
    const ledger = await documents.send(
      new GetCommand({ TableName: hearth.tableName, Key: { pk: `MAIL#workshop-rescheduled:${workshop.id}:${changed.json.workshop.sequence}:${registrationId}`, sk: 'MAIL' } }),
    );
    expect(ledger.Item).toMatchObject({ status: 'suppressed', reason: 'bounce' });
  });
});

describe('mail suppression after a complaint', () => {
  it('stops mailing an address that complained', async () => {
    const workshop = await publishedWorkshop(hearth, key, { capacity: 5 });
    await registerJson(hearth, workshop.id, 'complaint@simulator.amazonses.com');
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'complaint@simulator.amazonses.com')).toHaveLength(1);
    const cancelled = await api(hearth, 'POST', `/api/organizer/workshops/${workshop.id}/cancel`, undefined, key);
    expect(cancelled.status).toBe(200);
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'complaint@simulator.amazonses.com')).toHaveLength(1);
  });
});

describe('events', () => {
  it('sends a malformed event to the dead-letter list with the reason, without retrying it', async () => {
    const bus = new EventBridgeClient({ endpoint: hearth.awsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await bus.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'hearth-local', Source: 'hearth.registration', DetailType: 'Registration Confirmed', Detail: JSON.stringify({ eventId: 'bad-event-1', data: {} }) }],
      }),
    );
    await hearth.waitForIdle();
    const { deadLetters } = await hearth.bus();
    const letter = deadLetters.find((d) => JSON.stringify(d).includes('bad-event-1'));
    expect(letter).toBeDefined();
    expect(letter!.reason).toMatch(/schema/i);
  });

  it('publishes the OpenAPI 3.1 document', async () => {
    const response = await api(hearth, 'GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.json.openapi).toBe('3.1.0');
    expect(Object.keys(response.json.paths)).toContain('/api/workshops/{id}/registrations');
    const registration = response.json.paths['/api/workshops/{id}/registrations'].post;
    expect(registration.requestBody.content['application/json'].schema.required).toEqual(['email', 'consent']);
    expect(Object.keys(registration.responses).sort()).toEqual(['202', '400', '404', '409', '413', '429']);
  });
});
