import { request as httpRequest } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workshopKey } from '../../shared/workshops/keys';
import { importSubscribers } from '../support/campaigns';
import { addOrganizer, csrfOf, get, latestSignInLink, post } from '../support/console';
import { api, createApiKey, mailsTo, registeredLine } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';
import { text } from '../unit/web/html';

/**
 * Least privilege for people in the console, against the local runtime: a workshop's organizers
 * (only they and admins see its roster, needs, CSV, messages and change it), the admin-only
 * subscriber export and large campaigns, and sign-in limits that a stranger cannot use to lock an
 * organizer out. Other clients are other loopback source addresses (127.0.0.x), as the runtime
 * takes the client from the connection, as API Gateway does.
 */
let hearth: LocalHandle;
let documents: DynamoDBDocumentClient;
type Person = { cookie: string; csrf: string; id: string; device: string };
let admin: Person;
let lead: Person;
let peer: Person;

/** A form post from another client (a loopback source address), with an optional Cookie header. */
const postFrom = (client: string, path: string, fields: Record<string, string>, cookie?: string) =>
  new Promise<{ status: number; body: string; cookies: string[] }>((resolve, reject) => {
    const url = new URL(path, hearth.baseUrl);
    const body = new URLSearchParams(fields).toString();
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: client,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), origin: hearth.baseUrl, ...(cookie ? { cookie } : {}) },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (data += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, cookies: ([] as string[]).concat(res.headers['set-cookie'] ?? []) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const organizerId = async (email: string) => {
  const items = (await documents.send(new ScanCommand({ TableName: hearth.tableName }))).Items ?? [];
  return String(items.find((item) => String(item.pk).startsWith('ORG#') && item.email === email)!.id);
};

/** Signs in from this machine's usual client; answers the session and the known-device cookie set with it. */
const signInAs = async (email: string, client = '127.0.0.1'): Promise<Person> => {
  expect((await postFrom(client, '/console/sign-in', { email })).status).toBe(200);
  const { token } = await latestSignInLink(hearth, email);
  const confirmed = await postFrom(client, '/console/sign-in/confirm', { token });
  expect(confirmed.status).toBe(303);
  const cookie = confirmed.cookies.find((c) => c.startsWith('hearth_session='))!.split(';')[0]!;
  const device = confirmed.cookies.find((c) => c.startsWith('hearth_device='))!;
  expect(device).toMatch(/Path=\/console\/sign-in; HttpOnly; SameSite=Lax; Max-Age=31536000/);
  return { cookie, csrf: await csrfOf(hearth, cookie), id: await organizerId(email), device: device.split(';')[0]! };
};

beforeAll(async () => {
  hearth = await startLocal();
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  await addOrganizer(hearth, 'lead@example.org', 'organizer');
  await addOrganizer(hearth, 'peer@example.org', 'organizer');
  admin = await signInAs('admin@hearth.localhost');
  lead = await signInAs('lead@example.org');
  peer = await signInAs('peer@example.org');
});

afterAll(async () => {
  await hearth?.stop();
});

const as = (who: Person, path: string, fields: Record<string, string> = {}) => post(hearth, path, { csrf: who.csrf, ...fields }, { cookie: who.cookie });
const page = async (who: Person, path: string) => {
  const response = await get(hearth, path, who.cookie);
  return { status: response.status, html: await response.text() };
};
const storedWorkshop = async (id: string) => (await documents.send(new GetCommand({ TableName: hearth.tableName, Key: workshopKey(id), ConsistentRead: true }))).Item!;

describe('a workshop’s organizers in the console', () => {
  let id: string;

  it('the creator is its organizer; another organizer sees that it exists and its counts, and gets 403 on its roster, needs, CSV, messages and changes', async () => {
    const created = await as(lead, '/console/workshops', {
      title: 'Carers’ circle',
      description: 'A circle.',
      date: '2030-02-12',
      startTime: '18:00',
      endTime: '19:30',
      timezone: 'America/New_York',
      capacity: '6',
      waitlist: 'true',
      location: '4 Hidden Lane',
      onlineUrl: 'https://meet.example.org/private-room',
    });
    expect(created.status, await created.clone().text()).toBe(303);
    id = created.headers.get('location')!.match(/workshops\/([0-9a-f-]{36})/)![1]!;
    expect((await storedWorkshop(id)).organizerIds).toEqual([lead.id]);
    expect((await as(lead, `/console/workshops/${id}/publish`)).status).toBe(303);
    // Registration answers 202 for everyone; the admin key reads the roster line that resulted.
    const registration = { json: await registeredLine(hearth, await createApiKey(hearth), id, 'member@example.org', 'confirmed', { displayName: 'Member', accessibilityNeeds: 'Wheelchair access' }) };
    await hearth.waitForIdle();
    const before = JSON.stringify(await storedWorkshop(id));
    const mailsBefore = (await mailsTo(hearth, 'member@example.org')).length;

    for (const path of ['roster', 'roster.csv', 'message', 'survey', 'survey/edit', 'edit']) {
      const response = await page(peer, `/console/workshops/${id}/${path}`);
      expect(response.status, path).toBe(403);
      expect(response.html, path).not.toContain('member@example.org');
      expect(response.html, path).not.toContain('Wheelchair access');
    }
    for (const [path, fields] of [
      [`registrations/${registration.json.id}/check-in`, { attended: 'true' }],
      [`registrations/${registration.json.id}/remove`, { confirm: 'yes' }],
      ['message', { subject: 'Hi', text: 'From a stranger' }],
      ['', { title: 'Taken over' }],
      ['cancel', { message: 'Cancelled by someone else' }],
      ['organizers', { email: 'peer@example.org' }],
      ['organizers/remove', { who: lead.id }],
    ] as const) {
      const response = await as(peer, `/console/workshops/${id}${path ? `/${path}` : ''}`, fields);
      expect(response.status, path).toBe(403);
    }
    await hearth.waitForIdle();
    expect(JSON.stringify(await storedWorkshop(id))).toBe(before);
    expect((await mailsTo(hearth, 'member@example.org')).length).toBe(mailsBefore);

    const seen = await page(peer, `/console/workshops/${id}`);
    expect(seen.status).toBe(200);
    const words = text(seen.html);
    expect(words).toContain('1 of 6 places taken');
    expect(words).toContain('You are not one of this workshop’s organizers');
    expect(words).toContain('lead@example.org');
    for (const hidden of ['4 Hidden Lane', 'private-room', 'member@example.org', '/roster', `action="/console/workshops/${id}`]) expect(seen.html).not.toContain(hidden);
    expect(text((await page(peer, '/console')).html)).toContain('Carers’ circle');

    const theirs = await page(lead, `/console/workshops/${id}/roster`);
    expect(theirs.status).toBe(200);
    expect(theirs.html).toContain('Wheelchair access');
    expect((await page(admin, `/console/workshops/${id}/roster`)).html).toContain('Wheelchair access');
    expect((await page(admin, `/console/workshops/${id}/roster.csv`)).status).toBe(200);
  });

  it('its organizers (and admins) add and remove organizers on its page; the added see its roster at once, the removed no longer', async () => {
    const unknown = await as(lead, `/console/workshops/${id}/organizers`, { email: 'stranger@example.org' });
    expect(unknown.status).toBe(409);
    expect(text(await unknown.text())).toContain('stranger@example.org is not an organizer.');
    const added = await as(lead, `/console/workshops/${id}/organizers`, { email: 'Peer@Example.org' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/console/workshops/${id}?done=organizer-added`);
    expect((await storedWorkshop(id)).organizerIds).toEqual([lead.id, peer.id]);
    const roster = await page(peer, `/console/workshops/${id}/roster`);
    expect(roster.status).toBe(200);
    expect(roster.html).toContain('Wheelchair access');

    expect((await as(admin, `/console/workshops/${id}/organizers/remove`, { who: peer.id })).status).toBe(303);
    expect((await storedWorkshop(id)).organizerIds).toEqual([lead.id]);
    expect((await page(peer, `/console/workshops/${id}/roster`)).status).toBe(403);
    const audit = ((await documents.send(new ScanCommand({ TableName: hearth.tableName }))).Items ?? []).filter((item) => String(item.pk).startsWith('AUDIT#') && item.target === id);
    expect(audit.map((entry) => [entry.action, entry.actorId])).toEqual(
      expect.arrayContaining([
        ['workshop-organizer-added', lead.id],
        ['workshop-organizer-removed', admin.id],
      ]),
    );
  });
});

describe('admin-only actions', () => {
  it('exporting subscribers: 403 for organizers (no link offered), the CSV for admins', async () => {
    const refused = await page(peer, '/console/subscribers.csv');
    expect(refused.status).toBe(403);
    expect((await page(peer, '/console/subscribers')).html).not.toContain('/console/subscribers.csv');
    const allowed = await get(hearth, '/console/subscribers.csv', admin.cookie);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await page(admin, '/console/subscribers')).html).toContain('/console/subscribers.csv');
  });

  it('a campaign to more than 500 people: an organizer gets 403 with why, nothing sent; an admin may schedule it', async () => {
    const key = await createApiKey(hearth);
    expect((await api(hearth, 'POST', '/api/organizer/topics', { name: 'Everyone' }, key)).status).toBe(201);
    await importSubscribers(hearth, Array.from({ length: 501 }, (_, i) => ({ email: `many-${i}@lists.example`, topics: ['everyone'] })));
    const draftId = crypto.randomUUID();
    const saved = await as(lead, '/console/campaigns', { draftId, subject: 'To many', bodyMarkdown: 'Hello', 'topic:everyone': 'on', action: 'save' });
    expect(saved.status).toBe(303);
    const refused = await as(lead, `/console/campaigns/${draftId}/send`, { when: 'now' });
    expect(refused.status).toBe(403);
    expect(text(await refused.text())).toContain('This campaign would go to 501 people. Only an admin may send or schedule a campaign to more than 500 people');
    const year = new Date().getUTCFullYear() + 1;
    const later = { when: 'later', date: `${year}-01-15`, time: '09:30', timezone: 'America/New_York' };
    expect((await as(lead, `/console/campaigns/${draftId}/send`, later)).status).toBe(403);
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${draftId}`, undefined, key)).json.campaign.status).toBe('draft');
    const scheduled = await as(admin, `/console/campaigns/${draftId}/send`, later);
    expect(scheduled.status).toBe(303);
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${draftId}`, undefined, key)).json.campaign.status).toBe('scheduled');
    expect((await as(admin, `/console/campaigns/${draftId}/cancel`)).status).toBe(303);
  });
});

describe('sign-in limits a stranger cannot use to lock an organizer out', () => {
  const signInMails = async (email: string) => {
    await hearth.waitForIdle();
    return (await mailsTo(hearth, email)).filter((mail) => /\/console\/sign-in\/confirm\?token=/.test(mail.body.text ?? '')).length;
  };
  /** The same requests for an organizer's address and for an address nobody has: the answers must not differ. */
  const flood = async (clients: string[], times: number, email: string) => {
    const answers: string[] = [];
    for (const client of clients) {
      for (let i = 0; i < times; i++) {
        const response = await postFrom(client, '/console/sign-in', { email });
        answers.push(`${response.status} ${text(response.body).replaceAll(email, '<address>')}`);
      }
    }
    return answers;
  };

  it('a flood from one client uses up only that client’s share: the organizer still gets a link from their own client; the answers are those for an unknown address', async () => {
    await addOrganizer(hearth, 'flooded@example.org', 'organizer');
    const before = await signInMails('flooded@example.org');
    const toOrganizer = await flood(['127.0.0.2'], 8, 'flooded@example.org');
    const toNobody = await flood(['127.0.0.3'], 8, 'nobody-here@example.org');
    expect(toOrganizer.map((answer) => answer.slice(0, 3))).toEqual(['200', '200', '200', '200', '200', '429', '429', '429']);
    expect(toOrganizer).toEqual(toNobody);

    const own = await postFrom('127.0.0.1', '/console/sign-in', { email: 'flooded@example.org' });
    expect(own.status).toBe(200);
    expect(await signInMails('flooded@example.org')).toBe(before + 6);
  });

  it('a flood from many clients reaches the address’s cap, yet a browser that signed in as the organizer before still gets links (the floor)', async () => {
    await addOrganizer(hearth, 'besieged@example.org', 'organizer');
    const theirs = await signInAs('besieged@example.org');
    // The same first request for the address nobody has, so that both are counted alike from here.
    expect((await postFrom('127.0.0.1', '/console/sign-in', { email: 'nobody-else@example.org' })).status).toBe(200);
    const clients = ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7', '127.0.0.8'];
    const toOrganizer = await flood(clients, 5, 'besieged@example.org');
    const toNobody = await flood(['127.0.0.9', '127.0.0.10', '127.0.0.11', '127.0.0.12', '127.0.0.13'], 5, 'nobody-else@example.org');
    expect(toOrganizer.filter((answer) => answer.startsWith('429')).length).toBeGreaterThan(0);
    expect(toOrganizer).toEqual(toNobody);
    // A new client, unknown for the address, meets the cap…
    expect((await postFrom('127.0.0.14', '/console/sign-in', { email: 'besieged@example.org' })).status).toBe(429);
    // …the organizer's own browser, known for it, does not.
    const before = await signInMails('besieged@example.org');
    const own = await postFrom('127.0.0.1', '/console/sign-in', { email: 'besieged@example.org' }, theirs.device);
    expect(own.status).toBe(200);
    expect(await signInMails('besieged@example.org')).toBe(before + 1);
    // A made-up or another address's device cookie is no key to the floor.
    expect((await postFrom('127.0.0.15', '/console/sign-in', { email: 'besieged@example.org' }, `hearth_device=${'A'.repeat(43)}`)).status).toBe(429);
    expect((await postFrom('127.0.0.15', '/console/sign-in', { email: 'besieged@example.org' }, lead.device)).status).toBe(429);
  });
});
