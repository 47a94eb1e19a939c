import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignKey } from '../../shared/campaigns/keys';
import { db } from '../../shared/db/client';
import { preferencesUrl, unsubscribeUrl } from '../../shared/mailing-list/links';
import type { Subscriber } from '../../shared/mailing-list/model';
import { SubscriberStore } from '../../shared/mailing-list/subscriber-store';
import { CLIENT_LIMIT } from '../../shared/mailing-list/subscriptions';
import { importSubscribers, runImportCli } from '../support/campaigns';
import { clockNow, setClock } from '../support/clock';
import { addOrganizer, get, post, signIn } from '../support/console';
import { parseCsv } from '../support/csv';
import { api, cliOnTerminal, form, mailsTo, page, tokenLinkIn } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type LocalHandle, type StoredMail } from '../support/local';
import { text } from '../unit/web/html';

/**
 * The mailing list against the local runtime, as people and organizers use it: the subscribe API
 * and page, the double opt-in mail and its link, preferences, one-click unsubscribe (RFC 8058), the
 * import CLI and the console pages. This process also reads the table through the real stores and
 * makes links with the real link maker (pointed at the runtime's DynamoDB and secret). The clock
 * only moves forward: the expiry tests come last.
 */
let hearth: LocalHandle;
let cookie: string;
let csrf: string;
const organizer = 'list-organizer@example.org';
const confirmSubject = 'Please confirm your email address';

beforeAll(async () => {
  hearth = await startLocal();
  await useRuntimeInThisProcess(hearth);
  // An admin: downloading the list (subscribers.csv) is for admins only.
  await addOrganizer(hearth, organizer, 'admin');
  cookie = await signIn(hearth, organizer);
  const html = await (await get(hearth, '/console/topics', cookie)).text();
  csrf = html.match(/name="csrf" value="([^"]+)"/)![1]!;
});

afterAll(async () => {
  await hearth?.stop();
});

const subscribeJson = (body: unknown) => api(hearth, 'POST', '/api/subscribers', body);
const subscriberByEmail = async (email: string): Promise<Subscriber | undefined> => {
  const id = await SubscriberStore.findIdByEmail(email);
  return id ? SubscriberStore.get(id) : undefined;
};
const confirmMails = async (email: string) => {
  await hearth.waitForIdle();
  return mailsTo(hearth, email, confirmSubject);
};
const confirmLinkIn = (mail: StoredMail) => tokenLinkIn(mail, '/subscribe/confirm');
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

/** Subscribes through the API and confirms through the mailed link; answers the subscriber's id. */
const confirmedSubscriber = async (email: string, topics: string[] = []) => {
  expect((await subscribeJson({ email, topics, consent: true })).status).toBe(202);
  const [mail] = await confirmMails(email);
  const confirmed = await form(hearth, '/subscribe/confirm', { token: tokenOf(confirmLinkIn(mail!)) });
  expect(confirmed.status).toBe(200);
  const subscriber = await subscriberByEmail(email);
  expect(subscriber?.status).toBe('confirmed');
  return subscriber!.id;
};

/** Every id of the audience of these topics, page by page, as the delivery engine reads it. */
const audience = async (topics: string[], limit = 7) => {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { ids: string[]; cursor: string | null } = await SubscriberStore.audiencePage(topics, cursor, limit);
    ids.push(...page.ids);
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== null);
  return { ids, pages };
};

const addTopic = (name: string, fields: Record<string, string> = { csrf }) => post(hearth, '/console/topics', { ...fields, name }, { cookie });

describe('topics', () => {
  it('an organizer adds topics in the console; the same name again is a 409 next to the field; GET /api/topics lists them', async () => {
    // The console's gate first: no session, no CSRF token, another origin.
    expect((await post(hearth, '/console/topics', { csrf, name: 'Sneaky' })).headers.get('location')).toBe('/console/sign-in');
    expect((await addTopic('Sneaky', {})).status).toBe(403);
    expect((await post(hearth, '/console/topics', { csrf, name: 'Sneaky' }, { cookie, origin: 'https://evil.example' })).status).toBe(403);

    for (const name of ['Funding', 'Events', 'Policy & law']) {
      const response = await addTopic(name);
      expect(response.status, await response.clone().text()).toBe(303);
    }
    const created = await get(hearth, '/console/topics?created=policy-law', cookie);
    expect(text(await created.text())).toContain('The topic Policy & law is added.');

    const duplicate = await addTopic('FUNDING!');
    expect(duplicate.status).toBe(409);
    const html = await duplicate.text();
    expect(html).toContain('A topic with this name already exists (funding)');
    expect(html).toContain('value="FUNDING!"');
    expect((await addTopic('  ')).status).toBe(400);
    expect((await addTopic('<b>x</b>')).status).toBe(400);

    const listed = await api(hearth, 'GET', '/api/topics');
    expect(listed.status).toBe(200);
    expect(listed.json.topics).toEqual([
      { name: 'Events', slug: 'events' },
      { name: 'Funding', slug: 'funding' },
      { name: 'Policy & law', slug: 'policy-law' },
    ]);
    expect(listed.json.consentWording).toMatch(/^I want to get advocacy mailings from .+ at this email address\./);
    expect(text(await (await get(hearth, '/console/topics', cookie)).text())).toContain('Topics (3)');
  });
});

describe('subscribing and double opt-in', () => {
  it('answers 202 with the same body for a new, a pending and a confirmed address; one mail per 10 minutes; nothing to the confirmed', async () => {
    const email = 'sam@example.org';
    const first = await subscribeJson({ email: ' Sam@Example.org ', displayName: 'Sam', topics: ['funding', 'Events'], consent: true });
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ status: 'accepted', message: expect.any(String) });
    expect(await confirmMails(email)).toHaveLength(1);

    const stored = (await subscriberByEmail(email))!;
    const wording = (await api(hearth, 'GET', '/api/topics')).json.consentWording;
    expect(stored).toMatchObject({ email, displayName: 'Sam', status: 'pending', topics: ['funding', 'events'], consent: { wording, source: 'api' } });
    expect(Date.parse(stored.consent!.at)).toBeGreaterThan(Date.now() - 60_000);

    // Pending, asked again: the same answer; within 10 minutes no second mail, and nothing changes.
    const again = await subscribeJson({ email, topics: ['policy-law'], consent: true });
    expect(again.status).toBe(202);
    expect(again.text).toBe(first.text);
    expect(await confirmMails(email)).toHaveLength(1);
    expect(await subscriberByEmail(email)).toEqual(stored);

    // The mail: neutral subject, the link, the crisis footer; no topic words, no name.
    const [mail] = await confirmMails(email);
    expect(mail!.subject).toBe(confirmSubject);
    expect(mail!.body.text).toContain('Need help now?');
    expect(mail!.body.text).not.toMatch(/funding|events|Sam\b/i);
    const link = confirmLinkIn(mail!);
    expect(decodeURIComponent(link)).not.toMatch(/@|example/);

    // Opening the link changes nothing; it shows a button.
    const opened = await page(hearth, link);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain('action="/subscribe/confirm"');
    expect(await subscriberByEmail(email)).toEqual(stored);
    expect((await audience([])).ids).not.toContain(stored.id);

    const confirmed = await form(hearth, '/subscribe/confirm', { token: tokenOf(link) });
    expect(confirmed.status).toBe(200);
    expect(text(confirmed.html)).toContain('You are on the list');
    expect(confirmed.html).toMatch(/href="http[^"]+\/preferences\?token=/);
    const now = (await subscriberByEmail(email))!;
    expect(now).toMatchObject({ status: 'confirmed', consent: stored.consent, topics: stored.topics });
    expect(now.confirmedAt).toBeDefined();
    expect((await audience([])).ids).toContain(stored.id);
    expect((await audience(['events'])).ids).toContain(stored.id);
    expect((await audience(['policy-law'])).ids).not.toContain(stored.id);

    // Confirming again is a harmless success; opening the link again says so.
    const twice = await form(hearth, '/subscribe/confirm', { token: tokenOf(link) });
    expect(twice.status).toBe(200);
    expect(text(twice.html)).toContain('You are on the list already');
    expect(text((await page(hearth, link)).html)).toContain('You are on the list already');
    expect((await subscriberByEmail(email))!.confirmedAt).toBe(now.confirmedAt);

    // Confirmed, asked again (even with other choices): the same answer, no mail, nothing changes.
    const third = await subscribeJson({ email, displayName: 'Someone else', topics: ['policy-law'], consent: true });
    expect(third.status).toBe(202);
    expect(third.text).toBe(first.text);
    expect(await confirmMails(email)).toHaveLength(1);
    expect(await subscriberByEmail(email)).toEqual(now);
  });

  it('refuses unknown topics, bad addresses and a missing consent with field errors, and stores nothing', async () => {
    const email = 'refused@example.org';
    const unknown = await subscribeJson({ email, topics: ['funding', 'gardening', 'knitting'], consent: true });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({ topics: 'Unknown topics: gardening, knitting' });
    expect((await subscribeJson({ email, topics: ['gardening'], consent: true })).json.error.fields).toEqual({ topics: 'Unknown topic: gardening' });
    expect((await subscribeJson({ email: 'not an address', consent: true })).json.error.fields.email).toBe('Enter an email address like name@example.org');
    expect((await subscribeJson({ email })).json.error.fields.consent).toBe('Please confirm that you want to get our mailings');
    expect((await subscribeJson({ email, consent: true, role: 'admin' })).json.error.fields.role).toBe('Unknown field');
    expect((await subscribeJson({ email, displayName: 'a\nb', consent: true })).status).toBe(400);
    expect((await api(hearth, 'POST', '/api/subscribers', 'email=x')).status).toBe(400);

    const page = await form(hearth, '/subscribe', { email, topics: 'gardening', consent: 'true' });
    expect(page.status).toBe(400);
    expect(text(page.html)).toContain('Topics: Unknown topic: gardening');
    expect(page.html).toContain(`value="${email}"`);

    expect(await SubscriberStore.findIdByEmail(email)).toBeUndefined();
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, email)).toEqual([]);
  });

  it('the subscribe page: topics as checkboxes and the consent wording; the form keeps what was typed and records its source', async () => {
    const blank = await page(hearth, '/subscribe');
    expect(blank.status).toBe(200);
    for (const slug of ['events', 'funding', 'policy-law']) expect(blank.html).toMatch(new RegExp(`<input type="checkbox" id="[^"]+" name="topics" value="${slug}"`));
    const wording = (await api(hearth, 'GET', '/api/topics')).json.consentWording as string;
    expect(text(blank.html)).toContain(`${wording} (required)`);

    const missing = await form(hearth, '/subscribe', { email: 'form@example.org', displayName: 'Fi', topics: 'events' });
    expect(missing.status).toBe(400);
    expect(text(missing.html)).toContain('Agreement: Please confirm that you want to get our mailings');
    expect(missing.html).toContain('value="Fi"');
    expect(missing.html).toMatch(/value="events" checked/);

    const body = new URLSearchParams([
      ['email', 'Form@Example.org'],
      ['displayName', 'Fi'],
      ['topics', 'events'],
      ['topics', 'policy-law'],
      ['consent', 'true'],
    ]);
    const response = await fetch(`${hearth.baseUrl}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(response.status).toBe(200);
    expect(text(await response.text())).toContain('Check your email');
    expect(await subscriberByEmail('form@example.org')).toMatchObject({
      status: 'pending',
      displayName: 'Fi',
      topics: ['events', 'policy-law'],
      consent: { wording, source: 'form' },
    });
    expect(await confirmMails('form@example.org')).toHaveLength(1);
  });

  it('a tampered or unknown confirmation link is refused (400) and changes nothing', async () => {
    const before = await subscriberByEmail('form@example.org');
    const [mail] = await confirmMails('form@example.org');
    const token = tokenOf(confirmLinkIn(mail!));
    const tampered = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await page(hearth, `/subscribe/confirm?token=${encodeURIComponent(tampered)}`)).status).toBe(400);
    expect((await form(hearth, '/subscribe/confirm', { token: tampered })).status).toBe(400);
    expect((await form(hearth, '/subscribe/confirm', {})).status).toBe(400);
    // A link of another purpose is not a confirmation link.
    const other = tokenOf(await preferencesUrl(before!.id));
    expect((await form(hearth, '/subscribe/confirm', { token: other })).status).toBe(400);
    expect(await subscriberByEmail('form@example.org')).toEqual(before);
  });
});

/** POST /api/subscribers from the loopback address `client` (the local runtime's source IP). */
const subscribeFrom = (client: string, body: unknown) =>
  new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
    const url = new URL('/api/subscribers', hearth.baseUrl);
    const text = JSON.stringify(body);
    const req = httpRequest(
      { host: '127.0.0.1', port: url.port, path: url.pathname, method: 'POST', localAddress: client, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: data }));
      },
    );
    req.on('error', reject);
    req.end(text);
  });

describe('preferences', () => {
  it('GET changes nothing; topics are saved, unknown ones refused; leaving takes the person out of every audience', async () => {
    const email = 'prefs@example.org';
    const id = await confirmedSubscriber(email, ['funding']);
    // The link on the confirmed page, as the person would follow it.
    const [mail] = await confirmMails(email);
    const done = await form(hearth, '/subscribe/confirm', { token: tokenOf(confirmLinkIn(mail!)) });
    const link = done.html.match(/href="(http[^"]+\/preferences\?token=[^"]+)"/)![1]!.replace(/&amp;/g, '&');
    const before = await SubscriberStore.get(id);

    const opened = await page(hearth, link);
    expect(opened.status).toBe(200);
    expect(opened.html).toMatch(/value="funding" checked/);
    expect(opened.html).not.toMatch(/value="events" checked/);
    expect(await SubscriberStore.get(id)).toEqual(before);
    const token = tokenOf(link);

    const save = (topics: string[]) =>
      fetch(`${hearth.baseUrl}/preferences`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['token', token], ['action', 'save'], ...topics.map((topic) => ['topics', topic])]),
      });
    const saved = await save(['events', 'policy-law']);
    expect(saved.status).toBe(200);
    expect(text(await saved.text())).toContain('Your choices are saved.');
    expect((await SubscriberStore.get(id))!.topics).toEqual(['events', 'policy-law']);
    expect((await audience(['funding'])).ids).not.toContain(id);
    expect((await audience(['events'])).ids).toContain(id);

    const unknown = await save(['events', 'gardening']);
    expect(unknown.status).toBe(400);
    expect(text(await unknown.text())).toContain('Unknown topic: gardening');
    expect((await SubscriberStore.get(id))!.topics).toEqual(['events', 'policy-law']);

    expect((await save([])).status).toBe(200);
    expect((await SubscriberStore.get(id))!.topics).toEqual([]);
    expect((await audience([])).ids).toContain(id);

    expect((await form(hearth, '/preferences', { token: `${token}x`, action: 'save' })).status).toBe(400);
    expect((await form(hearth, '/preferences', { token, action: 'something' })).status).toBe(400);

    const left = await form(hearth, '/preferences', { token, action: 'leave' });
    expect(left.status).toBe(200);
    expect(text(left.html)).toContain('You have left the list');
    expect(await SubscriberStore.get(id)).toMatchObject({ status: 'unsubscribed' });
    expect((await audience([])).ids).not.toContain(id);
    expect(text((await page(hearth, link)).html)).toContain('You are not on the list');
    expect(text((await form(hearth, '/preferences', { token, action: 'save', topics: 'events' })).html)).toContain('You are not on the list');
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  const campaignId = 'campaign-for-unsubscribes';
  const campaign = async () => (await db().send(new GetCommand({ TableName: hearth.tableName, Key: campaignKey(campaignId), ConsistentRead: true }))).Item;

  it('a POST with the one-click body unsubscribes at once and answers 200, no redirect, no cookie; again is harmless; the campaign counts it once; a GET changes nothing', async () => {
    await db().send(new PutCommand({ TableName: hearth.tableName, Item: { ...campaignKey(campaignId), id: campaignId, unsubscribed: 0 } }));
    const id = await confirmedSubscriber('oneclick@example.org', ['funding']);
    const link = await unsubscribeUrl(id, campaignId);
    expect(link).toMatch(new RegExp(`^${hearth.baseUrl}/unsubscribe\\?token=[A-Za-z0-9._%-]+$`));
    const count = await SubscriberStore.countAudience(['funding']);

    const opened = await page(hearth, link);
    expect(opened.status).toBe(200);
    expect(opened.html).toContain(`action="/unsubscribe?token=${encodeURIComponent(tokenOf(link))}"`);
    expect(await SubscriberStore.get(id)).toMatchObject({ status: 'confirmed' });

    const oneClick = () =>
      fetch(link, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const response = await oneClick();
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(text(await response.text())).toContain('You have left the list');
    expect(await SubscriberStore.get(id)).toMatchObject({ status: 'unsubscribed', unsubscribedCampaignId: campaignId });
    expect((await campaign())!.unsubscribed).toBe(1);
    expect((await audience(['funding'])).ids).not.toContain(id);
    expect(await SubscriberStore.countAudience(['funding'])).toBe(count - 1);

    const again = await oneClick();
    expect(again.status).toBe(200);
    expect(text(await again.text())).toContain('You are not on the list');
    expect((await campaign())!.unsubscribed).toBe(1);
    expect(text((await page(hearth, link)).html)).toContain('You are not on the list');
  });

  it('a POST without a body, or as multipart, unsubscribes too; a campaign that does not exist does not stop it', async () => {
    const bare = await confirmedSubscriber('nobody-body@example.org');
    const response = await fetch(await unsubscribeUrl(bare, 'no-such-campaign'), { method: 'POST', redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(await SubscriberStore.get(bare)).toMatchObject({ status: 'unsubscribed' });
    expect((await db().send(new GetCommand({ TableName: hearth.tableName, Key: campaignKey('no-such-campaign') }))).Item).toBeUndefined();

    const multipart = await confirmedSubscriber('multipart@example.org');
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const answered = await fetch(await unsubscribeUrl(multipart), { method: 'POST', redirect: 'manual', body });
    expect(answered.status).toBe(200);
    expect(await SubscriberStore.get(multipart)).toMatchObject({ status: 'unsubscribed' });
  });

  it('a tampered token, or a token of another purpose, is refused with 400 and changes nothing', async () => {
    const id = await confirmedSubscriber('tamper@example.org');
    const token = tokenOf(await unsubscribeUrl(id));
    const altered = Buffer.from(token, 'base64url');
    altered[altered.length - 20]! ^= 0x01;
    const forged = altered.toString('base64url');
    for (const bad of [forged, `${token}x`, tokenOf(await preferencesUrl(id)), '']) {
      expect((await fetch(`${hearth.baseUrl}/unsubscribe?token=${encodeURIComponent(bad)}`, { method: 'POST', redirect: 'manual' })).status).toBe(400);
      expect((await page(hearth, `/unsubscribe?token=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect((await fetch(`${hearth.baseUrl}/unsubscribe`, { method: 'POST', redirect: 'manual' })).status).toBe(400);
    expect(await SubscriberStore.get(id)).toMatchObject({ status: 'confirmed' });
  });

  it('someone who left asks to join again: pending with the new consent, a new mail, and the link from before no longer confirms', async () => {
    const email = 'comeback@example.org';
    const id = await confirmedSubscriber(email, ['funding']);
    const [oldMail] = await confirmMails(email);
    await fetch(await unsubscribeUrl(id), { method: 'POST' });
    const left = (await SubscriberStore.get(id))!;
    expect(left.status).toBe('unsubscribed');

    expect((await subscribeJson({ email, topics: ['events'], consent: true })).status).toBe(202);
    const back = (await SubscriberStore.get(id))!;
    expect(back).toMatchObject({ id, status: 'pending', topics: ['events'] });
    expect(back.consent!.at).not.toBe(left.consent!.at);
    expect(back.unsubscribedAt).toBeUndefined();
    expect((await audience([])).ids).not.toContain(id);

    const mails = await confirmMails(email);
    expect(mails).toHaveLength(2);
    const stale = await form(hearth, '/subscribe/confirm', { token: tokenOf(confirmLinkIn(oldMail!)) });
    expect(stale.status).toBe(409);
    expect(text(stale.html)).toContain('This link is no longer valid');
    expect((await SubscriberStore.get(id))!.status).toBe('pending');

    expect((await form(hearth, '/subscribe/confirm', { token: tokenOf(confirmLinkIn(mails[1]!)) })).status).toBe(200);
    expect((await SubscriberStore.get(id))!.status).toBe('confirmed');
  });
});

describe('import (npm run hearth -- subscribers import FILE.csv)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hearth-import-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const cli = (file: string) => runImportCli(hearth, file);

  it('refuses rows without consent, with bad addresses or unknown topics (with their line numbers), imports the rest as confirmed, and a second import changes nothing', async () => {
    // oneclick@ left the list earlier: an import never puts them back.
    const file = join(folder, 'list.csv');
    writeFileSync(
      file,
      [
        'email,displayName,topics,consentedAt',
        'ana@example.org,Ana,funding;Events,2024-03-01',
        'ben@example.org,,,2024-03-02T10:00:00Z',
        'no-consent@example.org,Cy,,',
        'not-an-address,Di,,2024-03-01',
        'eve@example.org,Eve,gardening,2024-03-01',
        '"fay@example.org","Fay ""the"" organiser",policy-law,2024-03-01',
        '',
        'future@example.org,,,2999-01-01',
        'ANA@example.org,Ana again,,2024-03-01',
        'gus@example.org,Gus,,not a date',
        'oneclick@example.org,,,2024-03-01',
        'short@example.org,2024-03-01',
        '"multi@example.org","Two',
        'lines",,2024-03-01',
        'hal@example.org,"=HYPERLINK(""http://x"")",funding,2024-03-01',
      ].join('\r\n') + '\r\n',
    );
    const first = await cli(file);
    // Not a terminal: no progress bar, only the report.
    expect(first.stderr).not.toContain('Importing');
    expect(first.stdout.trim().split('\n')).toEqual([
      'Refused line 4: no consent: consentedAt is empty',
      'Refused line 5: the email address is not valid',
      'Refused line 6: Unknown topic: gardening',
      'Refused line 9: no consent: consentedAt is in the future',
      'Refused line 10: the same address as line 2',
      'Refused line 11: no consent: consentedAt "not a date" is not a date (use YYYY-MM-DD or an ISO 8601 date and time)',
      'Refused line 13: it has 2 fields; the header has 4',
      'Refused line 14: displayName: Must be on one line without control characters',
      'Imported 4, already there 1, refused 8.',
    ]);
    const ana = (await subscriberByEmail('ana@example.org'))!;
    expect(ana).toMatchObject({
      status: 'confirmed',
      displayName: 'Ana',
      topics: ['funding', 'events'],
      consent: { at: '2024-03-01T00:00:00.000Z', source: 'import', wording: "Imported: consent given 2024-03-01 per the organisation's records" },
    });
    expect((await subscriberByEmail('fay@example.org'))!.displayName).toBe('Fay "the" organiser');
    expect((await subscriberByEmail('ben@example.org'))!.consent!.at).toBe('2024-03-02T10:00:00.000Z');
    expect((await subscriberByEmail('oneclick@example.org'))!.status).toBe('unsubscribed');
    expect(await SubscriberStore.findIdByEmail('no-consent@example.org')).toBeUndefined();
    expect((await audience(['events'])).ids).toContain(ana.id);
    // The organisation's records are the consent: no confirmation mail.
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, 'ana@example.org')).toEqual([]);

    const before = await Promise.all(['ana', 'ben', 'fay', 'hal'].map((name) => subscriberByEmail(`${name}@example.org`)));
    const second = await cli(file);
    expect(second.stdout.trim().split('\n').at(-1)).toBe('Imported 0, already there 5, refused 8.');
    expect(await Promise.all(['ana', 'ben', 'fay', 'hal'].map((name) => subscriberByEmail(`${name}@example.org`)))).toEqual(before);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('on a terminal, draws a progress bar on stderr while it runs', async () => {
    const file = join(folder, 'terminal.csv');
    writeFileSync(file, ['email,consentedAt', ...Array.from({ length: 30 }, (_, i) => `tty-${i}@example.org,2024-01-01`)].join('\n'));
    // util-linux `script` runs the CLI on a pseudo-terminal (stdout and stderr both go to it).
    const { stdout } = await cliOnTerminal(hearth, 'subscribers', 'import', file);
    expect(stdout).toContain('\rImporting [------------------------------] 0/30');
    expect(stdout).toContain('\rImporting [##############################] 30/30');
    expect(stdout).toContain('Imported 30, already there 0, refused 0.');
  });

  it('a file that cannot be read as a list imports nothing and says why (exit 2)', async () => {
    const file = join(folder, 'bad.csv');
    writeFileSync(file, 'email,phone,consentedAt\nzed@example.org,123,2024-01-01\n');
    const failed = await cli(file).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown column "phone"') });
    expect(await SubscriberStore.findIdByEmail('zed@example.org')).toBeUndefined();
    const missing = await cli(join(folder, 'nope.csv')).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining('Cannot read') });
  });
});

describe('audience pages', () => {
  it('pages through confirmed subscribers only, with and without topics; a filtered page may be short but keeps its cursor', async () => {
    const confirmed = (await SubscriberStore.search({ status: 'confirmed' }, null, 500)).subscribers;
    const everyone = await audience([], 2);
    expect(everyone.ids.sort()).toEqual(confirmed.map((subscriber) => subscriber.id).sort());
    expect(everyone.pages).toBeGreaterThan(2);
    const funding = await audience(['funding', 'policy-law'], 3);
    expect(funding.ids.sort()).toEqual(
      confirmed
        .filter((subscriber) => subscriber.topics.some((topic) => topic === 'funding' || topic === 'policy-law'))
        .map((subscriber) => subscriber.id)
        .sort(),
    );
    expect(await SubscriberStore.countAudience(['funding', 'policy-law'])).toBe(funding.ids.length);
    expect(await SubscriberStore.countAudience([])).toBe(confirmed.length);
    expect(await SubscriberStore.countAudience(['no-such-topic'])).toBe(0);
    await expect(SubscriberStore.audiencePage([], 'not-a-cursor', 5)).rejects.toThrow(/not valid/);
  });
});

describe('console: subscribers', () => {
  const list = async (query = '') => {
    const response = await get(hearth, `/console/subscribers${query}`, cookie);
    expect(response.status).toBe(200);
    return response.text();
  };
  const csv = async (query = '') => {
    const response = await get(hearth, `/console/subscribers.csv${query}`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv((await response.text()).replace(/^\ufeff/, ''));
    return { header: header!, rows };
  };

  it('organizers only; search by part of the address, filter by topic and status, pages, and the CSV of the same selection', async () => {
    expect((await get(hearth, '/console/subscribers')).headers.get('location')).toBe('/console/sign-in');
    expect((await get(hearth, '/console/subscribers.csv')).headers.get('location')).toBe('/console/sign-in');
    expect((await get(hearth, '/console/topics')).headers.get('location')).toBe('/console/sign-in');

    await importSubscribers(
      hearth,
      Array.from({ length: 55 }, (_, i) => ({ email: `bulk-${String(i).padStart(2, '0')}@lists.example`, topics: i % 2 ? ['events'] : [], consentedAt: '2024-05-01' })),
    );

    const all = await list();
    expect(all).toContain('href="/console/subscribers" aria-current="page"');
    const emails = (html: string) => [...html.matchAll(/<h3>([^<]+)<\/h3>/g)].map((match) => match[1]!);

    const first = await list('?q=LISTS.example');
    expect(emails(first)).toHaveLength(50);
    expect(emails(first).every((email) => email.endsWith('@lists.example'))).toBe(true);
    const next = first.match(/href="(\/console\/subscribers\?q=[^"]*cursor=[^"]+)"/)![1]!.replace(/&amp;/g, '&');
    const second = await list(next.replace('/console/subscribers', ''));
    expect(emails(second)).toHaveLength(5);
    expect(new Set([...emails(first), ...emails(second)]).size).toBe(55);
    expect(second).not.toContain('Next page');
    expect(second).toContain('First page');

    const events = await list('?q=lists.example&topic=events&status=confirmed');
    expect(emails(events)).toHaveLength(27);
    expect(emails(await list('?status=unsubscribed'))).toEqual(expect.arrayContaining(['oneclick@example.org', 'prefs@example.org']));
    expect(emails(await list('?status=unsubscribed'))).not.toContain('sam@example.org');
    expect(emails(await list('?status=pending'))).toContain('form@example.org');
    expect(text(await list('?q=nobody-like-this'))).toContain('No subscriber matches.');
    expect((await get(hearth, '/console/subscribers?cursor=junk', cookie)).status).toBe(400);

    const everything = await csv();
    expect(everything.header).toEqual(['email', 'displayName', 'topics', 'consentedAt', 'status', 'consentSource', 'consentWording', 'subscribedAt', 'confirmedAt', 'leftAt']);
    expect(everything.rows.length).toBeGreaterThan(65);
    const filtered = await csv('?q=lists.example&topic=events');
    expect(filtered.rows).toHaveLength(27);
    expect(filtered.rows.every((row) => row[2] === 'events' && row[4] === 'confirmed' && row[5] === 'import')).toBe(true);
    const hal = everything.rows.find((row) => row[0] === 'hal@example.org')!;
    expect(hal[1]).toBe(`'=HYPERLINK("http://x")`);
  });
});

describe('sign-ups per connection', () => {
  it(`${CLIENT_LIMIT} per 10 minutes from one client, then 429 with Retry-After whatever the address, and nothing written; another client goes on`, async () => {
    const client = '127.0.0.41';
    for (let i = 0; i < CLIENT_LIMIT; i++) expect((await subscribeFrom(client, { email: `book${i}@example.org`, consent: true })).status).toBe(202);
    const refused = await subscribeFrom(client, { email: 'book-over@example.org', consent: true });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('600');
    expect(refused.body).toContain('too many sign-ups');
    expect(await subscriberByEmail('book-over@example.org')).toBeUndefined();
    expect((await subscribeFrom('127.0.0.42', { email: 'book-over@example.org', consent: true })).status).toBe(202);
  });
});

describe('expired links (the clock moves forward: last)', () => {
  it('an expired confirmation link is refused (410) after 7 days and changes nothing', async () => {
    const email = 'late@example.org';
    expect((await subscribeJson({ email, consent: true })).status).toBe(202);
    const [mail] = await confirmMails(email);
    const link = confirmLinkIn(mail!);
    await setClock(hearth, new Date(Date.parse(await clockNow(hearth)) + 8 * 24 * 3600 * 1000).toISOString());
    expect((await page(hearth, link)).status).toBe(410);
    const refused = await form(hearth, '/subscribe/confirm', { token: tokenOf(link) });
    expect(refused.status).toBe(410);
    expect(text(refused.html)).toContain('This link has expired');
    expect((await subscriberByEmail(email))!.status).toBe('pending');
  });

  it('unsubscribe and preferences links are refused (410) after a year and change nothing', async () => {
    const id = (await subscriberByEmail('ben@example.org'))!.id;
    const at = new Date(await clockNow(hearth));
    const unsubscribe = await unsubscribeUrl(id, undefined, at);
    const preferences = await preferencesUrl(id, at);
    await setClock(hearth, new Date(at.getTime() + 366 * 24 * 3600 * 1000).toISOString());
    expect((await fetch(unsubscribe, { method: 'POST', body: 'List-Unsubscribe=One-Click', redirect: 'manual' })).status).toBe(410);
    expect((await page(hearth, unsubscribe)).status).toBe(410);
    expect((await page(hearth, preferences)).status).toBe(410);
    expect((await form(hearth, '/preferences', { token: tokenOf(preferences), action: 'leave' })).status).toBe(410);
    expect((await SubscriberStore.get(id))!.status).toBe('confirmed');
  });
});
