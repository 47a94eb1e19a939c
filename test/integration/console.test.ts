import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../shared/console/keys';
import { addOrganizer, csrfOf, get as getPage, latestSignInLink, post as postForm } from '../support/console';
import { cli, mailsTo } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Console sign-in by emailed link, sessions and CSRF, driven over HTTP as a browser would (form
 * posts with an Origin header, a cookie jar of one cookie) against the local runtime.
 */
let hearth: LocalHandle;
let documents: DynamoDBDocumentClient;
const admin = 'admin@hearth.localhost';

beforeAll(async () => {
  hearth = await startLocal();
  // Sign-in requests are limited per address (5 per 15 minutes): tests spread over a few admins.
  for (const email of ['second@example.org', 'third@example.org']) await addOrganizer(hearth, email, 'admin');
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
});

afterAll(async () => {
  await hearth?.stop();
});

const post = (path: string, fields: Record<string, string>, options: { origin?: string | null; cookie?: string } = {}) => postForm(hearth, path, fields, options);
const get = (path: string, cookie?: string) => getPage(hearth, path, cookie);

const itemCount = async () => (await documents.send(new ScanCommand({ TableName: hearth.tableName, Select: 'COUNT' }))).Count ?? 0;

const latestLink = (address: string) => latestSignInLink(hearth, address);

/** Signs in through the mailed link; answers the session cookie ("name=value"). */
const signIn = async (address = admin) => {
  expect((await post('/console/sign-in', { email: address })).status).toBe(200);
  const { token } = await latestLink(address);
  const confirmed = await post('/console/sign-in/confirm', { token });
  expect(confirmed.status).toBe(303);
  expect(confirmed.headers.get('location')).toBe('/console');
  const setCookie = confirmed.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  expect(setCookie).toMatch(/Max-Age=43200/);
  return setCookie.split(';')[0]!;
};

const csrfIn = (cookie: string) => csrfOf(hearth, cookie);

describe('signing in by emailed link', () => {
  it('answers the same for known and unknown addresses, and mails only organizers', async () => {
    const known = await post('/console/sign-in', { email: admin });
    const unknown = await post('/console/sign-in', { email: 'stranger@example.org' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(await known.text())).toBe(strip(await unknown.text()));
    await hearth.waitForIdle();
    expect((await mailsTo(hearth, admin)).length).toBeGreaterThanOrEqual(1);
    expect(await mailsTo(hearth, 'stranger@example.org')).toEqual([]);
    const mail = (await mailsTo(hearth, admin)).at(-1)!;
    expect(mail.subject).toBe('Your sign-in link');
    expect(mail.body.text).toMatch(/988/);
  });

  it('opening the link changes nothing; the button signs in once; the link cannot be used again', async () => {
    await post('/console/sign-in', { email: admin });
    const { link, token } = await latestLink(admin);
    const page = await get(new URL(link).pathname + new URL(link).search);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('action="/console/sign-in/confirm"');
    expect(page.headers.get('set-cookie')).toBeNull();
    // Still usable after the GET (a mail scanner's prefetch):
    const confirmed = await post('/console/sign-in/confirm', { token });
    expect(confirmed.status).toBe(303);
    const cookie = confirmed.headers.get('set-cookie')!.split(';')[0]!;
    const dashboard = await get('/console', cookie);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain(admin);

    const again = await post('/console/sign-in/confirm', { token });
    expect(again.status).toBe(410);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('/console/sign-in');
    expect((await get(new URL(link).pathname + new URL(link).search)).status).toBe(410);
  });

  it('an expired link says so and signs nobody in', async () => {
    await post('/console/sign-in', { email: admin });
    const { token } = await latestLink(admin);
    // Sixteen minutes later, as far as the link is concerned.
    await documents.send(
      new UpdateCommand({
        TableName: hearth.tableName,
        Key: { pk: `SIGNIN#${sha256(token)}`, sk: 'SIGNIN' },
        UpdateExpression: 'SET validUntil = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 60_000 },
      }),
    );
    const response = await post('/console/sign-in/confirm', { token });
    expect(response.status).toBe(410);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toMatch(/expired|no longer/i);
  });

  it('a forged or unknown token is refused', async () => {
    for (const token of ['A'.repeat(43), 'not a token', '']) {
      const response = await post('/console/sign-in/confirm', { token });
      expect([400, 410]).toContain(response.status);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('rate-limits sign-in requests per address with a clear page, not an error', async () => {
    const address = 'limited@example.org';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post("/console/sign-in", { email: address })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const page = await post('/console/sign-in', { email: address });
    expect(await page.text()).toMatch(/15 minutes/);
  });
});

describe('console security', () => {
  it('redirects to sign-in without a session, with a forged cookie, and after sign-out', async () => {
    expect((await get('/console')).status).toBe(303);
    expect((await get('/console')).headers.get('location')).toBe('/console/sign-in');
    expect((await get('/console', `hearth_session=${'x'.repeat(43)}`)).status).toBe(303);
    expect((await get('/console', 'hearth_session=../../etc')).status).toBe(303);

    const cookie = await signIn();
    expect((await get('/console', cookie)).status).toBe(200);
    const csrf = await csrfIn(cookie);
    expect(csrf).toBeTruthy();
    const out = await post('/console/sign-out', { csrf }, { cookie });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await get('/console', cookie)).status).toBe(303); // revoked on the server, not just forgotten by the browser
  });

  it('refuses state-changing forms without the CSRF token or from another origin (403) and changes nothing', async () => {
    const cookie = await signIn('second@example.org');
    const csrf = await csrfIn(cookie);
    const before = await itemCount();
    expect((await post('/console/sign-out', {}, { cookie })).status).toBe(403);
    expect((await post('/console/sign-out', { csrf: 'wrong' }, { cookie })).status).toBe(403);
    expect((await post('/console/sign-out', { csrf }, { cookie, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/console/sign-out', { csrf }, { cookie, origin: null })).status).toBe(403);
    expect((await post('/console/sign-in', { email: admin }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/console/sign-in/confirm', { token: 'A'.repeat(43) }, { origin: null })).status).toBe(403);
    expect(await itemCount()).toBe(before);
    expect((await get('/console', cookie)).status).toBe(200); // still signed in
  });

  it('records sign-in and sign-out in the audit log, with ids only', async () => {
    const cookie = await signIn('third@example.org');
    const csrf = await csrfIn(cookie);
    await post('/console/sign-out', { csrf }, { cookie });
    const items = (await documents.send(new ScanCommand({ TableName: hearth.tableName }))).Items ?? [];
    const audit = items.filter((item) => String(item.pk).startsWith('AUDIT#'));
    expect(audit.map((entry) => entry.action)).toEqual(expect.arrayContaining(['signed-in', 'signed-out']));
    expect(JSON.stringify(audit)).not.toContain('@');
  });

  it('adds organizers with the CLI; a new organizer can sign in', async () => {
    const { stdout } = await cli(hearth, 'organizer', 'add', '--email', 'Peer.Lead@Example.org', '--role', 'organizer');
    expect(stdout).toContain('peer.lead@example.org');
    const cookie = await signIn('peer.lead@example.org');
    const html = await (await get('/console', cookie)).text();
    expect(html).toContain('peer.lead@example.org');
    expect(html).not.toContain('/console/api-keys'); // admin pages are not offered to organizers
  });
});

// Last in this file: it uses up this client's sign-in requests for the next 15 minutes.
describe('rate limit per client', () => {
  it('refuses a client that asks too often, whatever the address, with a clear page', async () => {
    let limitedAt = 0;
    for (let i = 1; i <= 25 && !limitedAt; i++) {
      if ((await post('/console/sign-in', { email: `client${i}@example.org` })).status === 429) limitedAt = i;
    }
    expect(limitedAt).toBeGreaterThan(0);
    expect(limitedAt).toBeLessThanOrEqual(21);
    const fresh = await post('/console/sign-in', { email: 'never-seen@example.org' });
    expect(fresh.status).toBe(429);
    expect(fresh.headers.get('retry-after')).toBe('900');
    expect(await fresh.text()).toMatch(/15 minutes/);
  });
});
