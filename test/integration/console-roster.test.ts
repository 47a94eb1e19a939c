import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganizer, csrfOf, get, post, signIn } from '../support/console';
import { parseCsv } from '../support/csv';
import { api, calendarOf, createApiKey, mailsTo, page, publishedWorkshop, registeredLine } from '../support/hearth';
import { emailHashIn, startLocal, type LocalHandle } from '../support/local';

/**
 * The console roster, driven over HTTP as an organizer's browser does (form posts with the Origin
 * header, the session cookie, the CSRF token from the page), against the local runtime: people
 * register through the public API, the organizer checks them in, removes one, downloads the CSV
 * and messages everyone with a place; the mails are read from the SES emulator.
 */
let hearth: LocalHandle;
let key: string;
let cookie: string;
let csrf: string;
let documents: DynamoDBDocumentClient;
const lead = 'roster-lead@example.org';

beforeAll(async () => {
  hearth = await startLocal();
  await addOrganizer(hearth, lead, 'organizer');
  key = await createApiKey(hearth);
  cookie = await signIn(hearth, lead);
  csrf = await csrfOf(hearth, cookie);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
});

afterAll(async () => {
  await hearth?.stop();
});

const roster = (workshopId: string) => get(hearth, `/console/workshops/${workshopId}/roster`, cookie);
const rosterHtml = async (workshopId: string) => {
  const response = await roster(workshopId);
  expect(response.status).toBe(200);
  return response.text();
};
const csv = async (workshopId: string) => {
  const response = await get(hearth, `/console/workshops/${workshopId}/roster.csv`, cookie);
  expect(response.status).toBe(200);
  const text = await response.text();
  const [header, ...rows] = parseCsv(text.replace(/^\ufeff/, ''));
  return { response, text, header: header!, rows, byEmail: Object.fromEntries(rows.map((row) => [row[3]!, row])) };
};
const registrations = async (workshopId: string) =>
  (await api(hearth, 'GET', `/api/organizer/workshops/${workshopId}/registrations`, undefined, key)).json.registrations as {
    id: string;
    email: string;
    status: string;
    waitlistPosition: number | null;
  }[];
const statusOf = async (workshopId: string, email: string) => (await registrations(workshopId)).find((r) => r.email === email);
const checkIn = (workshopId: string, registrationId: string, attended: boolean, fields: Record<string, string> = { csrf }) =>
  post(hearth, `/console/workshops/${workshopId}/registrations/${registrationId}/check-in`, { ...fields, attended: String(attended) }, { cookie });
const remove = (workshopId: string, registrationId: string, fields: Record<string, string>) =>
  post(hearth, `/console/workshops/${workshopId}/registrations/${registrationId}/remove`, fields, { cookie });
/** The card of one registration on the roster page. */
const card = (html: string, registrationId: string) => {
  const start = html.indexOf(`id="reg-${registrationId}"`);
  expect(start, `card of ${registrationId}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</li>', start));
};
const auditActions = async () => {
  const items = (await documents.send(new ScanCommand({ TableName: hearth.tableName }))).Items ?? [];
  return items.filter((item) => String(item.pk).startsWith('AUDIT#'));
};
const itemCount = async () => (await documents.send(new ScanCommand({ TableName: hearth.tableName, Select: 'COUNT' }))).Count ?? 0;

/** A full workshop (2 places): Ana (with needs), a formula-looking name, then two on the waitlist. */
const setUp = async (tag: string) => {
  const workshop = await publishedWorkshop(hearth, key, { capacity: 2, title: `Grief circle ${tag}` });
  // The lead organizes it: only a workshop's organizers (and admins) see its roster.
  expect((await api(hearth, 'PUT', `/api/organizer/workshops/${workshop.id}/organizers`, { organizers: [lead] }, key)).status).toBe(200);
  const email = (who: string) => `${who}.${tag}@example.org`;
  const ana = await registeredLine(hearth, key, workshop.id, email('ana'), 'confirmed', { displayName: 'Ana', accessibilityNeeds: 'Step-free access, and a quiet room' });
  const formula = await registeredLine(hearth, key, workshop.id, email('formula'), 'confirmed', { displayName: '=HYPERLINK("http://evil.example","click")' });
  const first = await registeredLine(hearth, key, workshop.id, email('first'), 'waitlisted');
  const dee = await registeredLine(hearth, key, workshop.id, email('dee'), 'waitlisted', { displayName: 'Dee' });
  await hearth.waitForIdle();
  return { workshop, email, ana, formula, first, dee };
};

describe('the roster', () => {
  it('shows confirmed, waitlisted with positions and the accessibility needs, to signed-in organizers only', async () => {
    const { workshop, email, ana, first, dee } = await setUp('show');
    expect((await get(hearth, `/console/workshops/${workshop.id}/roster`)).status).toBe(303);
    expect((await get(hearth, `/console/workshops/${workshop.id}/roster.csv`)).status).toBe(303);

    const html = await rosterHtml(workshop.id);
    expect(html).toContain('2 of 2 places taken');
    expect(html).toContain('Confirmed (2)');
    expect(html).toContain('Waitlist (2)');
    expect(html).toContain('<meta name="robots" content="noindex"');
    const anaCard = card(html, ana.id);
    expect(anaCard).toContain('Ana');
    expect(anaCard).toContain(email('ana'));
    expect(anaCard).toContain('Step-free access, and a quiet room');
    expect(anaCard).toContain('Mark attended');
    expect(anaCard).toContain('name="csrf"');
    expect(anaCard).toContain('>Remove<');
    expect(card(html, first.id)).toContain('1. No name given');
    expect(card(html, dee.id)).toContain('2. Dee');
    expect(card(html, dee.id)).not.toContain('Mark attended');
    expect(html).toContain(`href="/console/workshops/${workshop.id}/roster.csv"`);

    // The needs are for organizers only: not on the public page, not in the registrant's mails.
    expect((await page(hearth, `/workshops/${workshop.id}`)).html).not.toContain('quiet room');
    for (const mail of await mailsTo(hearth, email('ana'))) expect(mail.body.text).not.toContain('quiet room');
  });

  it('checks a confirmed registrant in and undoes it; a double tap does not undo; it shows in the CSV', async () => {
    const { workshop, email, ana, first } = await setUp('checkin');
    const marked = await checkIn(workshop.id, ana.id, true);
    expect(marked.status).toBe(303);
    expect(marked.headers.get('location')).toBe(`/console/workshops/${workshop.id}/roster#reg-${ana.id}`);
    expect((await checkIn(workshop.id, ana.id, true)).status).toBe(303); // double tap
    let anaCard = card(await rosterHtml(workshop.id), ana.id);
    expect(anaCard).toContain('Attended ✓ — undo');
    expect(anaCard).toContain('name="attended" value="false"');
    expect((await csv(workshop.id)).byEmail[email('ana')]![6]).toBe('yes');
    expect((await csv(workshop.id)).byEmail[email('formula')]![6]).toBe('no');

    expect((await checkIn(workshop.id, ana.id, false)).status).toBe(303);
    anaCard = card(await rosterHtml(workshop.id), ana.id);
    expect(anaCard).toContain('Mark attended');
    expect((await csv(workshop.id)).byEmail[email('ana')]![6]).toBe('no');

    // Someone on the waitlist cannot be checked in.
    const refused = await checkIn(workshop.id, first.id, true);
    expect(refused.headers.get('location')).toContain('done=not-confirmed');
    expect((await csv(workshop.id)).byEmail[email('first')]![6]).toBe('no');

    const actions = (await auditActions()).filter((entry) => entry.target === ana.id).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['registrant-checked-in', 'registrant-check-in-undone']));
    expect(actions.filter((action) => action === 'registrant-checked-in')).toHaveLength(1); // the double tap changed nothing
  });

  it('removes a confirmed registrant after asking; they are mailed, the first waitlisted gets the place and an .ics', async () => {
    const { workshop, email, ana, first, dee } = await setUp('remove');
    const before = (await mailsTo(hearth, email('first'))).length;

    const asked = await remove(workshop.id, ana.id, { csrf });
    expect(asked.status).toBe(200);
    const question = await asked.text();
    expect(question).toContain('Remove Ana?');
    expect(question).toContain('They will get an email, and the first person on the waitlist gets the place');
    expect(question).toContain('name="confirm" value="yes"');
    expect(question).not.toContain('<script');
    await hearth.waitForIdle();
    expect((await statusOf(workshop.id, email('ana')))?.status).toBe('confirmed'); // asking changed nothing
    expect((await mailsTo(hearth, email('ana'))).map((mail) => mail.subject)).not.toContain('Your registration is cancelled');

    const done = await remove(workshop.id, ana.id, { csrf, confirm: 'yes' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/console/workshops/${workshop.id}/roster?done=removed`);
    await hearth.waitForIdle();

    expect((await statusOf(workshop.id, email('ana')))?.status).toBe('cancelled');
    expect(await statusOf(workshop.id, email('first'))).toMatchObject({ status: 'confirmed', waitlistPosition: null });
    expect(await statusOf(workshop.id, email('dee'))).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const anaMails = (await mailsTo(hearth, email('ana'))).filter((mail) => mail.subject === 'Your registration is cancelled');
    expect(anaMails).toHaveLength(1);
    const promoted = (await mailsTo(hearth, email('first'))).slice(before);
    expect(promoted).toHaveLength(1);
    expect(promoted[0]!.subject).toBe('Your place is confirmed');
    expect(calendarOf(promoted[0]!)?.status).toBe('CONFIRMED');

    const html = await rosterHtml(workshop.id);
    expect(html).toContain('Cancelled (1)');
    // A cancelled place's accessibility needs are erased at once (data inventory), in the table as on the card.
    const anaItem = (await documents.send(new GetCommand({ TableName: hearth.tableName, Key: { pk: `WS#${workshop.id}`, sk: `REG#${ana.id}` }, ConsistentRead: true }))).Item!;
    expect(anaItem.status).toBe('cancelled');
    expect(anaItem).not.toHaveProperty('accessibilityNeeds');
    expect(card(html, ana.id)).toContain('None given');
    expect(html).not.toContain('Step-free access, and a quiet room');
    expect(card(html, first.id)).toContain('Mark attended');
    expect(card(html, dee.id)).toContain('1. Dee');

    // Pressing confirm again is harmless: no second mail, no second audit entry.
    expect((await remove(workshop.id, ana.id, { csrf, confirm: 'yes' })).status).toBe(303);
    await hearth.waitForIdle();
    expect((await mailsTo(hearth, email('ana'))).filter((mail) => mail.subject === 'Your registration is cancelled')).toHaveLength(1);
    expect((await auditActions()).filter((entry) => entry.target === ana.id && entry.action === 'registrant-removed')).toHaveLength(1);
  });

  it('downloads a CSV with the right rows, a neutral file name and formula-looking names neutralised', async () => {
    const { workshop, email } = await setUp('csv');
    await checkIn(workshop.id, (await statusOf(workshop.id, email('ana')))!.id, true);
    const { response, text, header, rows, byEmail } = await csv(workshop.id);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="roster-\d{4}-\d{2}-\d{2}\.csv"$/);
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(workshop.startsAt));
    expect(disposition).toContain(`roster-${local}.csv`);
    expect(disposition).not.toMatch(/grief|circle/i);
    expect(response.headers.get('cache-control')).toBe('no-store');

    expect(header).toEqual(['status', 'position', 'display name', 'email', 'accessibility needs', 'registered at', 'attended']);
    expect(rows.map((row) => [row[0], row[1], row[3]])).toEqual([
      ['confirmed', '', email('ana')],
      ['confirmed', '', email('formula')],
      ['waitlisted', '1', email('first')],
      ['waitlisted', '2', email('dee')],
    ]);
    expect(byEmail[email('ana')]).toEqual(['confirmed', '', 'Ana', email('ana'), 'Step-free access, and a quiet room', expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), 'yes']);
    expect(byEmail[email('formula')]![2]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const exported = (await auditActions()).filter((entry) => entry.action === 'roster-exported' && entry.target === workshop.id);
    expect(exported.length).toBeGreaterThan(0);
  });

  it('messages everyone with a place exactly once, with the text and the crisis footer; the waitlist gets nothing', async () => {
    const { workshop, email, ana, formula } = await setUp('message');
    const mailCount = async (who: string) => (await mailsTo(hearth, email(who))).length;
    const before = { ana: await mailCount('ana'), formula: await mailCount('formula'), first: await mailCount('first'), dee: await mailCount('dee') };

    const form = await get(hearth, `/console/workshops/${workshop.id}/message`, cookie);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('Send to 2 people');
    const messageId = formHtml.match(/name="messageId" value="([^"]+)"/)![1]!;

    // Errors are shown next to their fields, with the typed words kept.
    const invalid = await post(hearth, `/console/workshops/${workshop.id}/message`, { csrf, messageId, subject: 'Hello\r\nBcc: x@evil.example', text: '   ' }, { cookie });
    expect(invalid.status).toBe(400);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toMatch(/id="subject-error"[^>]*>Error: Must be on one line/);
    expect(invalidHtml).toMatch(/id="text-error"[^>]*>Error: Required/);
    expect((await post(hearth, `/console/workshops/${workshop.id}/message`, { csrf, messageId, subject: '<b>Hi</b>', text: 'x' }, { cookie })).status).toBe(400);

    const fields = { csrf, messageId, subject: 'About Thursday', text: 'Hello all,\nWe meet in the blue room this time.\nSee you there.' };
    const sent = await post(hearth, `/console/workshops/${workshop.id}/message`, fields, { cookie });
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/console/workshops/${workshop.id}/message\\?sent=`));
    // Pressing "Send" twice is one message.
    const again = await post(hearth, `/console/workshops/${workshop.id}/message`, fields, { cookie });
    expect(again.headers.get('location')).toBe(location);

    const confirmation = await get(hearth, location, cookie);
    expect(confirmation.status).toBe(200);
    expect(await confirmation.text()).toMatch(/goes to <strong>2 people<\/strong>/);
    await hearth.waitForIdle();

    for (const who of ['ana', 'formula']) {
      const received = (await mailsTo(hearth, email(who))).slice(before[who as 'ana' | 'formula']);
      expect(received, who).toHaveLength(1);
      const mail = received[0]!;
      expect(mail.subject).toBe('About Thursday');
      expect(mail.body.text).toContain('We meet in the blue room this time.');
      expect(mail.body.text).toContain('Need help now?');
      expect(mail.body.text).toMatch(/988/);
      expect(mail.body.html).toContain('Need help now?');
      expect(mail.body.text!.slice(0, 120)).not.toMatch(/grief|circle/i);
      expect(mail.body.text).not.toContain('quiet room');
    }
    expect(await mailCount('first')).toBe(before.first);
    expect(await mailCount('dee')).toBe(before.dee);

    const audit = await auditActions();
    expect(audit.filter((entry) => entry.action === 'message-sent' && entry.target === new URL(location, hearth.baseUrl).searchParams.get('sent'))).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('@');
    expect(JSON.stringify(audit)).not.toContain('Thursday');
    expect([ana.id, formula.id]).toHaveLength(2);
  });

  it('skips suppressed addresses when messaging', async () => {
    const { workshop, email } = await setUp('suppressed');
    await documents.send(
      new PutCommand({
        TableName: hearth.tableName,
        Item: { pk: `SUPPRESS#${emailHashIn(hearth, email('formula'))}`, sk: 'SUPPRESS', reason: 'bounce', at: new Date().toISOString() },
      }),
    );
    const before = { ana: (await mailsTo(hearth, email('ana'))).length, formula: (await mailsTo(hearth, email('formula'))).length };
    const sent = await post(hearth, `/console/workshops/${workshop.id}/message`, { csrf, subject: 'A note', text: 'Bring a cup.' }, { cookie });
    expect(sent.status).toBe(303);
    await hearth.waitForIdle();
    expect((await mailsTo(hearth, email('ana'))).length).toBe(before.ana + 1);
    expect((await mailsTo(hearth, email('formula'))).length).toBe(before.formula);
  });

  it('refuses every POST without the CSRF token or from another origin (403) and changes nothing', async () => {
    const { workshop, email, ana } = await setUp('csrf');
    await hearth.waitForIdle();
    const itemsBefore = await itemCount();
    const mailsBefore = (await hearth.mails()).length;
    const base = `/console/workshops/${workshop.id}`;
    const attempts: [string, Record<string, string>][] = [
      [`${base}/registrations/${ana.id}/check-in`, { attended: 'true' }],
      [`${base}/registrations/${ana.id}/remove`, { confirm: 'yes' }],
      [`${base}/message`, { subject: 'Hi', text: 'Forged' }],
    ];
    for (const [path, fields] of attempts) {
      expect((await post(hearth, path, fields, { cookie })).status, path).toBe(403);
      expect((await post(hearth, path, { ...fields, csrf: 'x'.repeat(csrf.length) }, { cookie })).status, path).toBe(403);
      expect((await post(hearth, path, { ...fields, csrf }, { cookie, origin: 'https://evil.example' })).status, path).toBe(403);
      expect((await post(hearth, path, { ...fields, csrf }, { cookie, origin: null })).status, path).toBe(403);
      // No session: sign in first.
      expect((await post(hearth, path, { ...fields, csrf })).status, path).toBe(303);
    }
    await hearth.waitForIdle();
    expect(await itemCount()).toBe(itemsBefore);
    expect((await hearth.mails()).length).toBe(mailsBefore);
    expect((await statusOf(workshop.id, email('ana')))?.status).toBe('confirmed');
    expect(card(await rosterHtml(workshop.id), ana.id)).toContain('Mark attended');
  });
});
