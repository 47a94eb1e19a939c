import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedSubscriber, createTopic } from '../support/campaigns';
import { clockNow, setClock } from '../support/clock';
import { rawItemsOf } from '../support/raw-table';
import { api, cli, createApiKey, type PublishedWorkshop, form, mailsTo, page, publishedWorkshop, tokenLinkIn } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * /my-data (issue 13, §3 steps 1 to 4) through the local runtime: the same answer for a known and an
 * unknown address, a mail either way, a link that a GET does not use, that works once and lapses
 * after 15 minutes, and a page with everything held about the address and its JSON download.
 */
const SUBJECT = 'Your link to see your data';
const KNOWN = 'my-data-known@example.org';
const UNKNOWN = 'my-data-nobody@example.org';

let hearth: LocalHandle;
let key: string;
let workshop: PublishedWorkshop;

beforeAll(async () => {
  hearth = await startLocal();
  key = await createApiKey(hearth);
  // The list first: confirmedSubscriber follows the first mail to the address.
  await createTopic(hearth, key, 'Housing');
  await confirmedSubscriber(hearth, KNOWN, ['housing']);
  workshop = await publishedWorkshop(hearth, key, { title: 'Grief circle', reminderOffsetsMinutes: [1440] });
  const registration = await api(hearth, 'POST', `/api/workshops/${workshop.id}/registrations`, {
    email: KNOWN,
    displayName: 'Sam',
    consent: true,
    accessibilityNeeds: 'Step-free entrance, please',
  });
  expect(registration.status, registration.text).toBe(202);
  await hearth.waitForIdle();
});

afterAll(async () => {
  await hearth?.stop();
});

/** The mails of the /my-data link to an address, newest last. */
const linkMails = (address: string) => mailsTo(hearth, address, SUBJECT);

/** Decodes the page's JSON download (a data: URL, so it works without JavaScript). */
const downloadIn = (html: string) => {
  const href = html.match(/<a href="(data:application\/json;charset=utf-8,[^"]*)" download="my-data.json"/)?.[1];
  if (!href) throw new Error('No JSON download on the page');
  return JSON.parse(decodeURIComponent(href.replace(/&amp;/g, '&').slice('data:application/json;charset=utf-8,'.length)));
};

describe('/my-data', () => {
  it('answers a known and an unknown address alike, through the API and the form, and mails each a link', async () => {
    const known = await api(hearth, 'POST', '/api/my-data', { email: KNOWN });
    const unknown = await api(hearth, 'POST', '/api/my-data', { email: UNKNOWN });
    expect(known.status).toBe(202);
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    const knownForm = await form(hearth, '/my-data', { email: KNOWN });
    const unknownForm = await form(hearth, '/my-data', { email: UNKNOWN });
    expect(knownForm.status).toBe(200);
    expect([unknownForm.status, unknownForm.html]).toEqual([knownForm.status, knownForm.html]);
    expect(knownForm.html).not.toContain(KNOWN);
    await hearth.waitForIdle();
    expect(await linkMails(KNOWN)).toHaveLength(2);
    expect(await linkMails(UNKNOWN)).toHaveLength(2);
  });

  it('refuses what a client sent wrong with a field message, and stores nothing', async () => {
    const bad = await api(hearth, 'POST', '/api/my-data', { email: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.email).toMatch(/email address/);
    const extra = await api(hearth, 'POST', '/api/my-data', { email: KNOWN, name: 'x' });
    expect(extra.status).toBe(400);
    const badForm = await form(hearth, '/my-data', { email: 'nope' });
    expect(badForm.status).toBe(400);
    expect(badForm.html).toMatch(/Enter an email address like name@example.org/);
    expect((await page(hearth, '/my-data/open?token=short')).status).toBe(400);
  });

  it('shows a button on GET without using the link; the button shows everything held, with its download, once', async () => {
    const [mail] = await linkMails(KNOWN);
    const link = tokenLinkIn(mail!, '/my-data/open');
    const token = new URL(link).searchParams.get('token')!;
    for (let i = 0; i < 2; i++) {
      const shown = await page(hearth, link);
      expect(shown.status).toBe(200);
      expect(shown.html).toMatch(/Show my data/);
      expect(shown.html).not.toContain('Grief circle');
    }
    const opened = await form(hearth, '/my-data/open', { token });
    expect(opened.status).toBe(200);
    expect(opened.html).toContain(KNOWN);
    expect(opened.html).toContain('Grief circle');
    expect(opened.html).toContain('Step-free entrance, please');
    expect(opened.html).toContain('Housing');
    expect(opened.html).toMatch(/Survey answers are not listed/);
    const data = downloadIn(opened.html);
    expect(data).toMatchObject({
      email: KNOWN,
      registrations: [{ workshop: { title: 'Grief circle', startsAt: workshop.startsAt }, status: 'confirmed', displayName: 'Sam', accessibilityNeeds: 'Step-free entrance, please' }],
      mailingList: { status: 'confirmed', topics: ['Housing'] },
      pendingMails: [{ what: 'A reminder of Grief circle', at: new Date(Date.parse(workshop.startsAt) - 1440 * 60_000).toISOString() }],
    });

    const again = await form(hearth, '/my-data/open', { token });
    expect(again.status).toBe(410);
    expect(again.html).not.toContain('Grief circle');
    expect((await page(hearth, link)).html).toMatch(/This link has been used/);
  });

  it('shows an unknown address that nothing is held', async () => {
    const [mail] = await linkMails(UNKNOWN);
    const opened = await form(hearth, '/my-data/open', { token: new URL(tokenLinkIn(mail!, '/my-data/open')).searchParams.get('token')! });
    expect(opened.status).toBe(200);
    expect(downloadIn(opened.html)).toMatchObject({ email: UNKNOWN, registrations: [], pendingMails: [] });
    expect(downloadIn(opened.html)).not.toHaveProperty('mailingList');
  });

  it('limits the mails to one address (3 per 15 minutes), answering a known and an unknown one alike', async () => {
    // Two requests each so far: one more is within the limit, the next is not.
    for (const address of [KNOWN, UNKNOWN]) expect((await api(hearth, 'POST', '/api/my-data', { email: address })).status).toBe(202);
    const known = await api(hearth, 'POST', '/api/my-data', { email: KNOWN });
    const unknown = await api(hearth, 'POST', '/api/my-data', { email: UNKNOWN });
    expect(known.status).toBe(429);
    expect(known.headers.get('retry-after')).toBe('900');
    expect([unknown.status, unknown.text]).toEqual([known.status, known.text]);
    await hearth.waitForIdle();
    expect(await linkMails(KNOWN)).toHaveLength(3);
  });

  it('lets an admin export the same data by address with `hearth person export`, audited as the CLI and never by the address', async () => {
    const { stdout } = await cli(hearth, 'person', 'export', '--email', ` ${KNOWN.toUpperCase()} `);
    expect(JSON.parse(stdout)).toMatchObject({
      email: KNOWN,
      registrations: [{ workshop: { title: 'Grief circle' }, accessibilityNeeds: 'Step-free entrance, please' }],
      mailingList: { topics: ['Housing'] },
    });
    const audit = (await rawItemsOf(hearth)).filter((item) => String(item.pk).startsWith('AUDIT#') && item.action === 'person-exported');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: 'cli' });
    expect(JSON.stringify(audit)).not.toContain(KNOWN);
    const refused = await cli(hearth, 'person', 'export', '--email', 'nope').catch((error: { code: number; stderr: string }) => error);
    expect('code' in refused && refused.code).toBe(2);
    expect((refused as { stderr: string }).stderr).toMatch(/--email/);
  });

  it('lets a link lapse 15 minutes after the request', async () => {
    const mails = await linkMails(KNOWN);
    const link = tokenLinkIn(mails[mails.length - 1]!, '/my-data/open');
    // Asked for a moment ago (the test before): a quarter of an hour and a minute later it has lapsed.
    await setClock(hearth, new Date(Date.parse(await clockNow(hearth)) + 16 * 60_000).toISOString());
    const lapsed = await page(hearth, link);
    expect(lapsed.status).toBe(410);
    expect(lapsed.html).toMatch(/This link has expired/);
    const pressed = await form(hearth, '/my-data/open', { token: new URL(link).searchParams.get('token')! });
    expect(pressed.status).toBe(410);
    expect(pressed.html).not.toContain('Grief circle');
  });
});
