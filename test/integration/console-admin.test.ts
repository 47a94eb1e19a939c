import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, get, post, signIn } from '../support/console';
import { api, mailsTo, publishedWorkshop, registerJson } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type LocalHandle } from '../support/local';
import { scanAll } from '../support/raw-table';
import { text } from '../unit/web/html';

/**
 * The admins' console pages against the local runtime, driven as a browser drives them: form
 * posts with the Origin header and the session's CSRF token, one session cookie per person.
 * Sign-in requests are limited (5 per address, 20 per client per 15 minutes): each person signs in
 * once and keeps their cookie.
 */
let hearth: LocalHandle;
let documents: DynamoDBDocumentClient;
const adminEmail = 'admin@hearth.localhost';
let admin: { cookie: string; csrf: string; id: string };

beforeAll(async () => {
  hearth = await startLocal();
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const cookie = await signIn(hearth, adminEmail);
  admin = { cookie, csrf: await csrfOf(hearth, cookie), id: (await organizerNamed(adminEmail))!.id };
});

afterAll(async () => {
  await hearth?.stop();
});

type Item = Record<string, unknown>;
const scan = (): Promise<Item[]> => scanAll(documents, hearth.tableName);
const organizers = async () => (await scan()).filter((item) => String(item.pk).startsWith('ORG#')) as { id: string; email: string; role: string }[];
const organizerNamed = async (email: string) => (await organizers()).find((organizer) => organizer.email === email);
const apiKeys = async () => (await scan()).filter((item) => String(item.pk).startsWith('APIKEY#')) as { id: string; name: string; revokedAt?: string }[];
const auditEntries = async () => (await scan()).filter((item) => String(item.pk).startsWith('AUDIT#')) as { actorId: string; action: string; target?: string }[];

/** What admins change: organizers, API keys, the audit log. Sessions, rate counters and mails are left out. */
const adminState = async () =>
  JSON.stringify(
    (await scan())
      .filter((item) => /^(ORG|APIKEY|AUDIT)#/.test(String(item.pk)))
      .sort((a, b) => `${String(a.pk)}${String(a.sk)}`.localeCompare(`${String(b.pk)}${String(b.sk)}`)),
  );

/** A person's own session: signs them in, reads their CSRF token from the dashboard. */
const session = async (email: string) => {
  const cookie = await signIn(hearth, email);
  return { cookie, csrf: await csrfOf(hearth, cookie) };
};

const asAdmin = (path: string, fields: Record<string, string> = {}) => post(hearth, path, { csrf: admin.csrf, ...fields }, { cookie: admin.cookie });

/** Adds someone through the organizers page; answers their id. */
const invite = async (email: string, role: 'admin' | 'organizer') => {
  const response = await asAdmin('/console/organizers', { email, role });
  expect(response.status, await response.clone().text()).toBe(303);
  const organizer = await organizerNamed(email);
  expect(organizer?.role).toBe(role);
  return organizer!.id;
};

const setRole = (id: string, role: 'admin' | 'organizer', who = admin) =>
  post(hearth, `/console/organizers/${id}/role`, { csrf: who.csrf, role }, { cookie: who.cookie });

const adminGetRoutes = ['/console/organizers', '/console/api-keys', '/console/audit'];

describe('admins only', () => {
  it('an organizer gets 403 on every admin page and form, even with their own valid CSRF token, and nothing changes', async () => {
    const peerId = await invite('peer@example.org', 'organizer');
    const peer = await session('peer@example.org');
    const created = await asAdmin('/console/api-keys', { name: 'For the 403 test', 'scope-read': 'on', 'scope-workshops': 'on', 'scope-campaigns': 'on', expiresDays: '90' });
    expect(created.status).toBe(201);
    const keyId = (await apiKeys()).find((key) => key.name === 'For the 403 test')!.id;

    const before = await adminState();
    for (const path of adminGetRoutes) {
      const response = await get(hearth, path, peer.cookie);
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).not.toContain(adminEmail);
    }
    const posts: [string, Record<string, string>][] = [
      ['/console/organizers', { email: 'sneaky@example.org', role: 'admin' }],
      [`/console/organizers/${peerId}/role`, { role: 'admin' }],
      [`/console/organizers/${admin.id}/role`, { role: 'organizer' }],
      [`/console/organizers/${admin.id}/remove`, { confirm: 'yes' }],
      [`/console/organizers/${admin.id}/remove`, {}],
      ['/console/api-keys', { name: 'Sneaky', 'scope-admin': 'on', expiresDays: '90' }],
      [`/console/api-keys/${keyId}/revoke`, {}],
    ];
    for (const [path, fields] of posts) {
      const response = await post(hearth, path, { csrf: peer.csrf, ...fields }, { cookie: peer.cookie });
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).not.toMatch(/hearth_[A-Za-z0-9_-]{43}/);
    }
    expect(await adminState()).toBe(before);
    expect((await organizerNamed('peer@example.org'))?.role).toBe('organizer');
    // The organizer still has their own pages.
    expect((await get(hearth, '/console', peer.cookie)).status).toBe(200);
  });

  it('without a session: every admin page and form goes to sign-in, and nothing changes', async () => {
    const before = await adminState();
    for (const path of adminGetRoutes) {
      const response = await get(hearth, path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location')).toBe('/console/sign-in');
    }
    const response = await post(hearth, '/console/organizers', { email: 'nobody@example.org', role: 'admin' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console/sign-in');
    expect(await adminState()).toBe(before);
  });

  it('an admin sees the three admin pages', async () => {
    for (const path of adminGetRoutes) {
      const response = await get(hearth, path, admin.cookie);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain(`href="${path}" aria-current="page"`);
    }
  });
});

describe('safety rules', () => {
  it('the only admin cannot demote themselves: a clear 409, and nothing changes', async () => {
    expect((await organizers()).filter((organizer) => organizer.role === 'admin').map((organizer) => organizer.email)).toEqual([adminEmail]);
    const before = await adminState();
    const response = await setRole(admin.id, 'organizer');
    expect(response.status).toBe(409);
    const page = text(await response.text());
    expect(page).toContain('You are the only admin, so you cannot stop being one');
    expect(page).toContain('Nothing was changed');
    expect(await adminState()).toBe(before);
    expect((await get(hearth, '/console/organizers', admin.cookie)).status).toBe(200);
  });

  it('an admin cannot remove themselves, neither at the first step nor when confirming: 409, and nothing changes', async () => {
    const before = await adminState();
    for (const fields of [{}, { confirm: 'yes' }] as Record<string, string>[]) {
      const response = await asAdmin(`/console/organizers/${admin.id}/remove`, fields);
      expect(response.status).toBe(409);
      expect(text(await response.text())).toContain('You cannot remove yourself. Another admin can remove you.');
    }
    expect(await adminState()).toBe(before);
    expect(await organizerNamed(adminEmail)).toBeDefined();
  });
});

describe('adding an organizer', () => {
  it('adds them, mails them one invitation with where to sign in (no token), and they can sign in', async () => {
    const response = await asAdmin('/console/organizers', { email: '  New.Person@Example.org ', role: 'organizer' });
    expect(response.status).toBe(303);
    const added = await organizerNamed('new.person@example.org');
    expect(added?.role).toBe('organizer');
    expect(response.headers.get('location')).toBe(`/console/organizers?added=${added!.id}`);
    const page = text(await (await get(hearth, response.headers.get('location')!, admin.cookie)).text());
    expect(page).toContain(`new.person@example.org is now an organizer. They can now sign in at ${hearth.baseUrl}/console/sign-in.`);
    await hearth.waitForIdle();
    const invitations = await mailsTo(hearth, 'new.person@example.org');
    expect(invitations).toHaveLength(1);
    expect(invitations[0]!.subject).toBe('You can now use the organizer console');
    expect(invitations[0]!.body.text).toContain(`${hearth.baseUrl}/console/sign-in`);
    expect(invitations[0]!.body.text).not.toContain('token=');
    expect(invitations[0]!.body.text).toMatch(/988/);
    expect((await auditEntries()).filter((entry) => entry.action === 'organizer-added' && entry.target === added!.id)).toEqual([
      expect.objectContaining({ actorId: admin.id }),
    ]);

    const theirs = await signIn(hearth, 'new.person@example.org');
    const dashboard = await get(hearth, '/console', theirs);
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('new.person@example.org');
  });

  it('shows field errors next to the fields (400) and refuses an address that is already an organizer (409), adding nobody', async () => {
    const before = await adminState();
    const bad = await asAdmin('/console/organizers', { email: 'not an address', role: 'owner' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toMatch(/<p class="field-error" id="email-error">Error: Enter an email address like name@example.org<\/p>/);
    expect(html).toMatch(/<p class="field-error" id="role-error">Error: Choose a role: organizer or admin<\/p>/);
    expect(html).toContain('value="not an address"');

    const again = await asAdmin('/console/organizers', { email: 'NEW.person@example.org', role: 'admin' });
    expect(again.status).toBe(409);
    expect(text(await again.text())).toContain('new.person@example.org is already an organizer.');
    expect(await adminState()).toBe(before);
  });
});

describe('changing a role', () => {
  it('takes effect at once on a session that already exists, both ways', async () => {
    const id = await invite('promoted@example.org', 'organizer');
    const them = await session('promoted@example.org');
    expect((await get(hearth, '/console/organizers', them.cookie)).status).toBe(403);
    expect(await (await get(hearth, '/console', them.cookie)).text()).not.toContain('href="/console/audit"');

    const promoted = await setRole(id, 'admin');
    expect(promoted.status).toBe(303);
    expect(promoted.headers.get('location')).toBe(`/console/organizers?role-changed=${id}`);
    expect(text(await (await get(hearth, promoted.headers.get('location')!, admin.cookie)).text())).toContain('promoted@example.org is now an admin.');
    // Same cookie, no new sign-in:
    for (const path of adminGetRoutes) expect((await get(hearth, path, them.cookie)).status, path).toBe(200);
    expect(await (await get(hearth, '/console', them.cookie)).text()).toContain('href="/console/audit"');

    const demoted = await setRole(id, 'organizer');
    expect(demoted.status).toBe(303);
    for (const path of adminGetRoutes) expect((await get(hearth, path, them.cookie)).status, path).toBe(403);
    expect((await get(hearth, '/console', them.cookie)).status).toBe(200);

    const changes = (await auditEntries()).filter((entry) => entry.action === 'organizer-role-changed' && entry.target === id);
    expect(changes).toHaveLength(2);
    expect(changes.every((entry) => entry.actorId === admin.id)).toBe(true);
  });

  it('a role it already has changes and records nothing; an unknown person is 404', async () => {
    const id = (await organizerNamed('promoted@example.org'))!.id;
    const before = await adminState();
    expect((await setRole(id, 'organizer')).status).toBe(303);
    expect((await setRole('00000000-0000-4000-8000-000000000000', 'admin')).status).toBe(404);
    expect((await setRole(id, 'owner' as 'admin')).status).toBe(400);
    expect(await adminState()).toBe(before);
  });
});

describe('removing an organizer', () => {
  it('asks first, then ends their access at once; they cannot sign in again', async () => {
    const id = await invite('leaving@example.org', 'organizer');
    const them = await session('leaving@example.org');
    expect((await get(hearth, '/console', them.cookie)).status).toBe(200);

    // Step one: the confirmation page, a plain form; nothing changes yet.
    const before = await adminState();
    const asked = await asAdmin(`/console/organizers/${id}/remove`);
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(text(html)).toContain('Remove leaving@example.org?');
    expect(html).not.toMatch(/<script/i);
    expect(await adminState()).toBe(before);
    expect((await get(hearth, '/console', them.cookie)).status).toBe(200);

    // Step two: the page's own form, as a browser sends it.
    const form = html.match(/<form method="post" action="(\/console\/organizers\/[^"]+\/remove)">([\s\S]*?)<\/form>/)!;
    const fields = Object.fromEntries([...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields).toEqual({ csrf: admin.csrf, confirm: 'yes' });
    const removed = await post(hearth, form[1]!, fields, { cookie: admin.cookie });
    expect(removed.status).toBe(303);
    expect(removed.headers.get('location')).toBe('/console/organizers?removed=1');
    expect(text(await (await get(hearth, '/console/organizers?removed=1', admin.cookie)).text())).toContain('The organizer was removed.');
    expect(await organizerNamed('leaving@example.org')).toBeUndefined();

    // Their session ends with the next request.
    const after = await get(hearth, '/console', them.cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/console/sign-in');
    // Asking for a new link mails nothing.
    const mailed = (await mailsTo(hearth, 'leaving@example.org')).length;
    expect((await post(hearth, '/console/sign-in', { email: 'leaving@example.org' })).status).toBe(200);
    await hearth.waitForIdle();
    expect((await mailsTo(hearth, 'leaving@example.org')).length).toBe(mailed);

    expect((await auditEntries()).filter((entry) => entry.action === 'organizer-removed' && entry.target === id)).toEqual([
      expect.objectContaining({ actorId: admin.id }),
    ]);
    // Removing them again: they are gone.
    expect((await asAdmin(`/console/organizers/${id}/remove`, { confirm: 'yes' })).status).toBe(404);
  });
});

describe('API keys', () => {
  let secret: string;
  let keyId: string;

  it('a new key is shown once, on the page that answers the form, and works against the organizer API', async () => {
    const created = await asAdmin('/console/api-keys', { name: 'Website sync', 'scope-read': 'on', 'scope-workshops': 'on', 'scope-campaigns': 'on', expiresDays: '90' });
    expect(created.status).toBe(201);
    const html = await created.text();
    secret = html.match(/<code id="new-api-key">(hearth_[A-Za-z0-9_-]{43})<\/code>/)![1]!;
    expect(html.split(secret)).toHaveLength(2);
    expect(text(html)).toContain('Copy it now: it will not be shown again.');
    expect(created.headers.get('cache-control')).toBe('no-store');
    keyId = (await apiKeys()).find((key) => key.name === 'Website sync')!.id;

    const list = await (await get(hearth, '/console/api-keys', admin.cookie)).text();
    expect(text(list)).toContain('Website sync Scopes Read, Workshops, Campaigns');
    expect(list).not.toContain(secret);
    expect(list).not.toMatch(/hearth_[A-Za-z0-9_-]{43}/);
    expect(JSON.stringify(await scan())).not.toContain(secret);

    const workshops = await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret);
    expect(workshops.status, workshops.text).toBe(200);
    expect((await auditEntries()).filter((entry) => entry.action === 'api-key-created' && entry.target === keyId)).toEqual([
      expect.objectContaining({ actorId: admin.id }),
    ]);
  });

  it('a name is required (400, next to the field), and nothing is created', async () => {
    const before = await adminState();
    const response = await asAdmin('/console/api-keys', { name: '   ', 'scope-admin': 'on', expiresDays: '90' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<p class="field-error" id="name-error">Error: Enter a name for the key</p>');
    expect(html).not.toMatch(/hearth_[A-Za-z0-9_-]{43}/);
    expect(await adminState()).toBe(before);
  });

  it('the form takes scopes and an expiry: none ticked or days out of range is 400 next to the field; the list shows scopes, expiry and last use', async () => {
    const before = await adminState();
    const noScope = await asAdmin('/console/api-keys', { name: 'Nothing', expiresDays: '90' });
    expect(noScope.status).toBe(400);
    expect(await noScope.text()).toContain('<p class="field-error" id="scopes-error">Error: Choose at least one thing the key may do</p>');
    for (const days of ['0', '3651', 'soon', '']) {
      const response = await asAdmin('/console/api-keys', { name: 'Bad days', 'scope-read': 'on', expiresDays: days });
      expect(response.status, days).toBe(400);
      expect(await response.text(), days).toContain('id="expiresDays-error"');
    }
    expect(await adminState()).toBe(before);

    const created = await asAdmin('/console/api-keys', { name: 'Read for a month', 'scope-read': 'on', expiresDays: '30' });
    expect(created.status).toBe(201);
    const secret = (await created.text()).match(/<code id="new-api-key">(hearth_[A-Za-z0-9_-]{43})<\/code>/)![1]!;
    const stored = (await scan()).find((item) => String(item.pk).startsWith('APIKEY#') && item.name === 'Read for a month')!;
    expect(stored.scopes).toEqual(['read']);
    expect(Date.parse(String(stored.expiresAt)) - Date.parse(String(stored.createdAt))).toBe(30 * 24 * 3600 * 1000);
    expect((await api(hearth, 'POST', '/api/organizer/workshops', {}, secret)).status).toBe(403);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret)).status).toBe(200);
    const list = text(await (await get(hearth, '/console/api-keys', admin.cookie)).text());
    expect(list).toMatch(/Read for a month Scopes Read Created [^]*? Expires [^]*? Last used [^]*?\(UTC\) Status Active/);
  });

  it('revoking a key makes the API answer 401 for it; the list says revoked', async () => {
    const revoked = await asAdmin(`/console/api-keys/${keyId}/revoke`);
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe(`/console/api-keys?revoked=${keyId}`);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret)).status).toBe(401);
    const list = text(await (await get(hearth, revoked.headers.get('location')!, admin.cookie)).text());
    expect(list).toContain('The key Website sync is revoked.');
    expect(list).toMatch(/Website sync Scopes Read, Workshops, Campaigns Created [^]*? Status Revoked on /);
    expect((await auditEntries()).filter((entry) => entry.action === 'api-key-revoked' && entry.target === keyId)).toHaveLength(1);
    // Again: nothing more happens, nothing more is recorded.
    expect((await asAdmin(`/console/api-keys/${keyId}/revoke`)).status).toBe(303);
    expect((await auditEntries()).filter((entry) => entry.action === 'api-key-revoked' && entry.target === keyId)).toHaveLength(1);
    expect((await asAdmin('/console/api-keys/00000000-0000-4000-8000-000000000000/revoke')).status).toBe(404);
  });
});

describe('every admin form checks Origin and the CSRF token', () => {
  it('without the token, with a wrong one, from another origin or without an Origin: 403, and nothing changes', async () => {
    const target = await invite('target@example.org', 'organizer');
    expect((await asAdmin('/console/api-keys', { name: 'CSRF target', 'scope-admin': 'on', expiresDays: '90' })).status).toBe(201);
    const keyId = (await apiKeys()).find((key) => key.name === 'CSRF target')!.id;
    const forms: [string, Record<string, string>][] = [
      ['/console/organizers', { email: 'csrf@example.org', role: 'admin' }],
      [`/console/organizers/${target}/role`, { role: 'admin' }],
      [`/console/organizers/${target}/remove`, { confirm: 'yes' }],
      [`/console/organizers/${target}/remove`, {}],
      ['/console/api-keys', { name: 'Forged', 'scope-admin': 'on', expiresDays: '90' }],
      [`/console/api-keys/${keyId}/revoke`, {}],
    ];
    const before = await adminState();
    const wrong = `${admin.csrf.slice(0, -1)}${admin.csrf.endsWith('A') ? 'B' : 'A'}`;
    for (const [path, fields] of forms) {
      const attempts: [string, Record<string, string>, string | null | undefined][] = [
        ['no token', fields, undefined],
        ['wrong token', { ...fields, csrf: wrong }, undefined],
        ['foreign origin', { ...fields, csrf: admin.csrf }, 'https://evil.example'],
        ['no origin', { ...fields, csrf: admin.csrf }, null],
      ];
      for (const [what, body, origin] of attempts) {
        const response = await post(hearth, path, body, { cookie: admin.cookie, ...(origin === undefined ? {} : { origin }) });
        expect(response.status, `${path}: ${what}`).toBe(403);
        expect(await response.text(), `${path}: ${what}`).not.toMatch(/hearth_[A-Za-z0-9_-]{43}|Remove target@example.org\?/);
      }
    }
    expect(await adminState()).toBe(before);
    expect((await organizerNamed('target@example.org'))?.role).toBe('organizer');
  });
});

describe('audit log', () => {
  it('lists every change, newest first, with the actors’ addresses and ids, and no attendee data', async () => {
    // An attendee, registered with a key made on the console.
    const created = await asAdmin('/console/api-keys', { name: 'Audit check', 'scope-read': 'on', 'scope-workshops': 'on', 'scope-campaigns': 'on', expiresDays: '90' });
    const key = (await created.text()).match(/<code id="new-api-key">([^<]+)<\/code>/)![1]!;
    const workshop = await publishedWorkshop(hearth, key);
    const registered = await registerJson(hearth, workshop.id, 'attendee.private@example.org', {
      displayName: 'Quietname',
      accessibilityNeeds: 'Captions please',
    });
    expect(registered.status).toBe(202);
    await hearth.waitForIdle();

    const response = await get(hearth, '/console/audit', admin.cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    const page = text(html);
    for (const action of ['organizer-added', 'organizer-role-changed', 'organizer-removed', 'api-key-created', 'api-key-revoked']) {
      expect(page, action).toContain(`(${action})`);
    }
    const entries = html.match(/<li><dl class="facts">[\s\S]*?<\/dl><\/li>/g)!.map(text);
    // Newest first:
    const times = [...html.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1]!);
    expect(times.length).toBe(entries.length);
    expect([...times].sort().reverse()).toEqual(times);
    const keyId = (await apiKeys()).find((apiKey) => apiKey.name === 'Audit check')!.id;
    expect(entries.some((entry) => entry.endsWith(`Who ${adminEmail} What Created an API key (api-key-created) To (id) ${keyId}`))).toBe(true);
    // Who, by address; a removed organizer by id.
    const removedId = (await auditEntries()).find((entry) => entry.action === 'organizer-removed')!.target!;
    expect(entries.some((entry) => entry.includes(`Who ${adminEmail} What Removed an organizer (organizer-removed) To (id) ${removedId}`))).toBe(true);
    expect(entries.some((entry) => entry.includes(`Who A removed organizer (id ${removedId}) What Signed in (signed-in)`))).toBe(true);
    expect(entries.some((entry) => entry.startsWith('When ') && entry.includes('Who new.person@example.org What Signed in'))).toBe(true);
    // Nothing about the attendee.
    for (const secretish of ['attendee.private@example.org', 'Quietname', 'Captions please', key]) expect(html).not.toContain(secretish);
  });
});

describe('stepping down', () => {
  it('an admin may step down while another admin stays; they lose the admin pages at once', async () => {
    await invite('second.admin@example.org', 'admin');
    const second = { ...(await session('second.admin@example.org')), id: (await organizerNamed('second.admin@example.org'))!.id };
    expect((await get(hearth, '/console/api-keys', second.cookie)).status).toBe(200);
    const response = await setRole(second.id, 'organizer', { ...second });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console');
    expect((await get(hearth, '/console/api-keys', second.cookie)).status).toBe(403);
    expect((await auditEntries()).filter((entry) => entry.action === 'organizer-role-changed' && entry.target === second.id && entry.actorId === second.id)).toHaveLength(1);
  });

  it('two last admins stepping down at the same moment: one may, the other is refused; an admin remains', async () => {
    const a = await invite('admin.a@example.org', 'admin');
    const b = await invite('admin.b@example.org', 'admin');
    const first = { ...(await session('admin.a@example.org')), id: a };
    const second = { ...(await session('admin.b@example.org')), id: b };
    // The first admin steps down, leaving A and B.
    expect((await setRole(admin.id, 'organizer')).status).toBe(303);
    expect((await organizers()).filter((organizer) => organizer.role === 'admin').map((organizer) => organizer.email).sort()).toEqual([
      'admin.a@example.org',
      'admin.b@example.org',
    ]);
    const statuses = (await Promise.all([setRole(a, 'organizer', first), setRole(b, 'organizer', second)])).map((response) => response.status).sort();
    expect(statuses).toEqual([303, 409]);
    expect((await organizers()).filter((organizer) => organizer.role === 'admin')).toHaveLength(1);
  });
});

describe('the safety rules hold under concurrent changes (the store, in this process, against the same database)', () => {
  const store = async () => {
    await useRuntimeInThisProcess(hearth);
    return (await import('../../shared/console/organizer-store')).Organizers;
  };
  const admins = async () => (await organizers()).filter((organizer) => organizer.role === 'admin').map((organizer) => organizer.email).sort();

  it('the last two admins demoting themselves, or each other, or removing each other: one may, never both', async () => {
    const Organizers = await store();
    const at = new Date();
    const x = (await Organizers.add('x.admin@example.org', 'admin', at)).organizer;
    const y = (await Organizers.add('y.admin@example.org', 'admin', at)).organizer;
    // Everyone else steps down or is demoted, so X and Y are the last two.
    for (const email of (await admins()).filter((email) => !/^[xy]\.admin@/.test(email))) {
      const other = (await Organizers.findByEmail(email))!;
      expect((await Organizers.changeRole(x, other.id, 'organizer', at)).ok).toBe(true);
    }
    expect(await admins()).toEqual(['x.admin@example.org', 'y.admin@example.org']);

    const themselves = await Promise.all([Organizers.changeRole(x, x.id, 'organizer', at), Organizers.changeRole(y, y.id, 'organizer', at)]);
    expect(themselves.map((outcome) => (outcome.ok ? 'ok' : outcome.reason)).sort()).toEqual(['last-admin', 'ok']);
    expect(await admins()).toHaveLength(1);

    const [left] = await admins();
    const stayed = (await Organizers.findByEmail(left!))!;
    const other = stayed.id === x.id ? y : x;
    expect((await Organizers.changeRole(stayed, other.id, 'admin', at)).ok).toBe(true);
    const fresh = { ...other, role: 'admin' as const };
    const each = await Promise.all([Organizers.changeRole(stayed, fresh.id, 'organizer', at), Organizers.changeRole(fresh, stayed.id, 'organizer', at)]);
    expect(each.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(each.find((outcome) => !outcome.ok)).toMatchObject({ ok: false, reason: 'not-admin' });
    expect(await admins()).toHaveLength(1);

    const [remaining] = await admins();
    const keeper = (await Organizers.findByEmail(remaining!))!;
    const loser = keeper.id === x.id ? y : x;
    expect((await Organizers.changeRole(keeper, loser.id, 'admin', at)).ok).toBe(true);
    const removals = await Promise.all([Organizers.remove(keeper, loser.id), Organizers.remove({ ...loser, role: 'admin' }, keeper.id)]);
    expect(removals.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(await admins()).toHaveLength(1);
  });
});
