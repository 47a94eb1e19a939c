import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignKey } from '../../shared/campaigns/keys';
import { workshopKey } from '../../shared/workshops/keys';
import { importSubscribers } from '../support/campaigns';
import { clockNow, setClock } from '../support/clock';
import { addOrganizer, get, signIn } from '../support/console';
import { api, cli, createApiKey, createApiKeyWithId, registerJson, workshopInput } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';
import { scanAll } from '../support/raw-table';
import { text } from '../unit/web/html';

/**
 * API keys against the local runtime, made with the real CLI: scopes (403 outside them), expiry
 * (401 after, moved there with the local clock), the last-used time, which workshops a key may see
 * the registrations of and change, campaigns to more than 500 people, and the audit entry of every
 * write through the API. The clock only moves forward: the tests that move it come last.
 */
let hearth: LocalHandle;
let documents: DynamoDBDocumentClient;
let admin: string;

beforeAll(async () => {
  hearth = await startLocal();
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  admin = await createApiKey(hearth, 'admin');
});

afterAll(async () => {
  await hearth?.stop();
});

const scan = async (prefix: string) => {
  const items = await scanAll(documents, hearth.tableName);
  return items.filter((item) => String(item.pk).startsWith(prefix));
};
const storedKey = async (id: string) => (await scan('APIKEY#')).find((item) => item.id === id)!;
const auditOf = async (actorId: string) => (await scan('AUDIT#')).filter((item) => item.actorId === actorId).map((item) => ({ action: item.action, target: item.target }));

const createWorkshop = async (key: string, overrides: Record<string, unknown> = {}) => {
  const created = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(overrides), key);
  expect(created.status, created.text).toBe(201);
  return created.json.workshop as { id: string; organizerIds: string[] };
};

describe('scopes', () => {
  it('a key may do what its scopes allow and gets 403, saying which scope it needs, outside them; admin is every scope', async () => {
    const read = await createApiKey(hearth, { scopes: ['read'] });
    const workshops = await createApiKey(hearth, { scopes: ['workshops'] });
    const campaigns = await createApiKey(hearth, { scopes: ['campaigns'] });
    const workshop = await createWorkshop(workshops);

    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, read)).status).toBe(200);
    expect((await api(hearth, 'GET', '/api/organizer/campaigns', undefined, read)).status).toBe(200);
    const refused = await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(), read);
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toMatch(/needs the workshops scope/);
    expect((await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'S', bodyMarkdown: 'B' }, read)).status).toBe(403);
    // Personal data is not "read": registrations need the workshops scope, recipients the campaigns scope.
    expect((await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, read)).status).toBe(403);

    expect((await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, workshops)).status).toBe(200);
    expect((await api(hearth, 'GET', '/api/organizer/campaigns', undefined, workshops)).status).toBe(403);
    expect((await api(hearth, 'POST', '/api/organizer/topics', { name: 'Not mine' }, workshops)).status).toBe(403);

    const draft = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'Scoped', bodyMarkdown: 'Hello' }, campaigns);
    expect(draft.status, draft.text).toBe(201);
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${draft.json.campaign.id}/recipients`, undefined, campaigns)).status).toBe(200);
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${draft.json.campaign.id}/recipients`, undefined, read)).status).toBe(403);
    expect((await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(), campaigns)).status).toBe(403);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, campaigns)).status).toBe(403);

    for (const path of ['/api/organizer/workshops', '/api/organizer/campaigns', `/api/organizer/workshops/${workshop.id}/registrations`]) {
      expect((await api(hearth, 'GET', path, undefined, admin)).status, path).toBe(200);
    }
  });

  it('--role stays: admin is the admin scope, organizer is read, workshops and campaigns; a key stored before scopes acts as its role', async () => {
    const { id: adminId } = await createApiKeyWithId(hearth, { role: 'admin', name: 'role-admin' });
    const { id: organizerId, secret: organizer } = await createApiKeyWithId(hearth, { role: 'organizer', name: 'role-organizer' });
    expect((await storedKey(adminId)).scopes).toEqual(['admin']);
    expect((await storedKey(organizerId)).scopes).toEqual(['read', 'workshops', 'campaigns']);
    expect((await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(), organizer)).status).toBe(201);
    expect((await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'S', bodyMarkdown: 'B' }, organizer)).status).toBe(201);

    // An older key: a role, no scopes, no expiry (written as the store wrote keys before).
    const secret = `hearth_${'O'.repeat(43)}`;
    const { createHash } = await import('node:crypto');
    await documents.send(
      new PutCommand({
        TableName: hearth.tableName,
        Item: { pk: `APIKEY#${createHash('sha256').update(secret).digest('hex')}`, sk: 'APIKEY', gsi1pk: 'APIKEY', gsi1sk: '2025-01-01T00:00:00.000Z#old', id: crypto.randomUUID(), name: 'old', role: 'organizer', createdAt: '2025-01-01T00:00:00.000Z' },
      }),
    );
    expect((await api(hearth, 'POST', '/api/organizer/workshops', workshopInput(), secret)).status).toBe(201);
    expect((await api(hearth, 'GET', '/api/organizer/campaigns', undefined, secret)).status).toBe(200);
    const listed = (await cli(hearth, 'api-key', 'list')).stdout;
    expect(listed).toMatch(/\torganizer\tactive\t2025-01-01T00:00:00.000Z\tread,workshops,campaigns\tnever\t[^\t]+\told/);
  });

  it('the CLI refuses unknown scopes and expiries out of range, creating nothing', async () => {
    const before = (await scan('APIKEY#')).length;
    await expect(cli(hearth, 'api-key', 'create', '--name', 'x', '--scopes', 'read,root')).rejects.toThrow(/--scopes/);
    await expect(cli(hearth, 'api-key', 'create', '--name', 'x', '--scopes', 'read', '--expires-days', '0')).rejects.toThrow(/--expires-days/);
    await expect(cli(hearth, 'api-key', 'create', '--name', 'x', '--scopes', 'read', '--expires-days', 'soon')).rejects.toThrow(/--expires-days/);
    await expect(cli(hearth, 'api-key', 'create', '--name', 'x')).rejects.toThrow(/--scopes .* or a --role/);
    expect((await scan('APIKEY#')).length).toBe(before);
  });
});

describe('a workshop’s organizers, through the API', () => {
  it('a key organizes what it creates; another key sees that it exists and its counts, not its registrations, place or link, and cannot change it', async () => {
    const { secret: mine, id: mineId } = await createApiKeyWithId(hearth, { scopes: ['read', 'workshops'], name: 'mine' });
    const other = await createApiKey(hearth, { scopes: ['read', 'workshops'], name: 'other' });
    const workshop = await createWorkshop(mine, { capacity: 3 });
    expect(workshop.organizerIds).toEqual([`api-key:${mineId}`]);
    expect((await api(hearth, 'POST', `/api/organizer/workshops/${workshop.id}/publish`, undefined, mine)).status).toBe(200);
    expect((await registerJson(hearth, workshop.id, 'someone@example.org', { accessibilityNeeds: 'A quiet room' })).status).toBe(202);
    await hearth.waitForIdle();

    const listed = (await api(hearth, 'GET', '/api/organizer/workshops', undefined, other)).json.workshops.find((w: { id: string }) => w.id === workshop.id);
    expect(listed).toMatchObject({ id: workshop.id, confirmedCount: 1, capacity: 3 });
    expect(listed.onlineUrl).toBeUndefined();
    expect(listed.location).toBeUndefined();
    const theirs = (await api(hearth, 'GET', '/api/organizer/workshops', undefined, mine)).json.workshops.find((w: { id: string }) => w.id === workshop.id);
    expect(theirs.onlineUrl).toBe('https://meet.example.org/secret-room');

    const refused = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, other);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('someone@example.org');
    expect(refused.json.error.message).toMatch(/organizers and admins/);
    for (const [method, path, body] of [
      ['PATCH', '', { title: 'Taken over' }],
      ['POST', '/cancel', undefined],
      ['GET', '/survey', undefined],
      ['PUT', '/organizers', { organizers: [] }],
    ] as const) {
      expect((await api(hearth, method, `/api/organizer/workshops/${workshop.id}${path}`, body, other)).status, `${method} ${path}`).toBe(403);
    }
    const registrations = await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, mine);
    expect(registrations.json.registrations.map((r: { email: string; accessibilityNeeds: string }) => [r.email, r.accessibilityNeeds])).toEqual([['someone@example.org', 'A quiet room']]);
    expect((await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, admin)).status).toBe(200);
  });

  it('PUT …/organizers sets its console organizers by address (the key stays); an address that is no organizer is 400 and changes nothing', async () => {
    await addOrganizer(hearth, 'api-lead@example.org', 'organizer');
    const { secret: mine, id: mineId } = await createApiKeyWithId(hearth, { scopes: ['workshops'], name: 'lead-script' });
    const workshop = await createWorkshop(mine);
    const unknown = await api(hearth, 'PUT', `/api/organizer/workshops/${workshop.id}/organizers`, { organizers: ['api-lead@example.org', 'stranger@example.org'] }, mine);
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields).toEqual({ 'organizers.1': expect.stringMatching(/Not an organizer/) });
    const organizers = (await scan('ORG#')).filter((item) => item.email === 'api-lead@example.org');
    const set = await api(hearth, 'PUT', `/api/organizer/workshops/${workshop.id}/organizers`, { organizers: ['API-Lead@example.org'] }, mine);
    expect(set.status, set.text).toBe(200);
    expect(set.json.workshop.organizerIds).toEqual([`api-key:${mineId}`, organizers[0]!.id]);
    expect((await api(hearth, 'PUT', `/api/organizer/workshops/${workshop.id}/organizers`, { organizers: 'nobody' }, mine)).status).toBe(400);
  });

  it('a workshop stored before workshops had organizers: admins only', async () => {
    const mine = await createApiKey(hearth, { scopes: ['workshops'] });
    const workshop = await createWorkshop(mine);
    await documents.send(new UpdateCommand({ TableName: hearth.tableName, Key: workshopKey(workshop.id), UpdateExpression: 'REMOVE organizerIds' }));
    expect((await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, mine)).status).toBe(403);
    expect((await api(hearth, 'GET', `/api/organizer/workshops/${workshop.id}/registrations`, undefined, admin)).status).toBe(200);
  });
});

describe('campaigns to more than 500 people', () => {
  it('only a key with the admin scope may send or schedule one: others get 403 and nothing changes', async () => {
    expect((await api(hearth, 'POST', '/api/organizer/topics', { name: 'Big list' }, admin)).status).toBe(201);
    await importSubscribers(
      hearth,
      Array.from({ length: 501 }, (_, i) => ({ email: `big-${i}@lists.example`, topics: ['big-list'] })),
    );
    const campaigns = await createApiKey(hearth, { scopes: ['campaigns'] });
    const draft = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'To everyone', bodyMarkdown: 'Hello', topics: ['Big list'] }, campaigns);
    const id = draft.json.campaign.id as string;
    const later = new Date(Date.parse(await clockNow(hearth)) + 7 * 24 * 3600 * 1000).toISOString();
    for (const body of [undefined, { at: later }]) {
      const refused = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, body, campaigns);
      expect(refused.status, refused.text).toBe(403);
      expect(refused.json.error.message).toMatch(/would go to 501 people\. Only an admin may send or schedule a campaign to more than 500 people/);
    }
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, campaigns)).json.campaign.status).toBe('draft');
    const scheduled = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: later }, admin);
    expect(scheduled.status, scheduled.text).toBe(202);
    expect(scheduled.json.campaign.status).toBe('scheduled');
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/cancel`, undefined, admin)).status).toBe(200);
  });
});

describe('audit', () => {
  it('every write through the organizer and campaigns APIs is audited under the key’s id (never the key), and the audit page shows the key by name', async () => {
    const { secret: key, id } = await createApiKeyWithId(hearth, { scopes: ['workshops', 'campaigns'], name: 'Audited script' });
    const actor = `api-key:${id}`;
    await addOrganizer(hearth, 'audit-lead@example.org', 'organizer');
    const ok = async (method: string, path: string, body?: unknown) => {
      const response = await api(hearth, method, path, body, key);
      expect(response.status, `${method} ${path}: ${response.text}`).toBeLessThan(300);
      return response.json;
    };
    const workshop = (await ok('POST', '/api/organizer/workshops', workshopInput())).workshop.id as string;
    await ok('PATCH', `/api/organizer/workshops/${workshop}`, { title: 'Renamed circle' });
    await ok('POST', `/api/organizer/workshops/${workshop}/publish`);
    await ok('PUT', `/api/organizer/workshops/${workshop}/survey`, { questions: [{ type: 'rating', text: 'How was it?' }] });
    await ok('PUT', `/api/organizer/workshops/${workshop}/organizers`, { organizers: ['audit-lead@example.org'] });
    await ok('POST', `/api/organizer/workshops/${workshop}/cancel`, { message: 'Sorry' });
    const topic = (await ok('POST', '/api/organizer/topics', { name: 'Audit list' })).topic.slug as string;
    await importSubscribers(hearth, [{ email: 'audit-sub@lists.example', topics: [topic] }]);
    const scheduled = (await ok('POST', '/api/organizer/campaigns', { subject: 'Later', bodyMarkdown: 'Hi', topics: ['Audit list'] })).campaign.id as string;
    await ok('PATCH', `/api/organizer/campaigns/${scheduled}`, { subject: 'Later still' });
    await ok('POST', `/api/organizer/campaigns/${scheduled}/test`, { to: 'tester@example.org' });
    await ok('POST', `/api/organizer/campaigns/${scheduled}/send`, { at: new Date(Date.parse(await clockNow(hearth)) + 24 * 3600 * 1000).toISOString() });
    await ok('POST', `/api/organizer/campaigns/${scheduled}/cancel`);
    const now = (await ok('POST', '/api/organizer/campaigns', { subject: 'Now', bodyMarkdown: 'Hi', topics: ['Audit list'] })).campaign.id as string;
    await ok('POST', `/api/organizer/campaigns/${now}/send`);
    await hearth.waitForIdle();
    // Paused by the delivery engine (its own tests): here the state it leaves, to resume.
    const paused = (await ok('POST', '/api/organizer/campaigns', { subject: 'Paused', bodyMarkdown: 'Hi', topics: ['Audit list'] })).campaign.id as string;
    await documents.send(
      new UpdateCommand({
        TableName: hearth.tableName,
        Key: campaignKey(paused),
        UpdateExpression: 'SET #status = :paused, pausedReason = :reason, startedAt = :at, planned = :yes',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':paused': 'paused', ':reason': 'Paused by Hearth', ':at': new Date().toISOString(), ':yes': true },
      }),
    );
    await ok('POST', `/api/organizer/campaigns/${paused}/resume`);
    await hearth.waitForIdle();

    const entries = await auditOf(actor);
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: 'workshop-created', target: workshop },
        { action: 'workshop-updated', target: workshop },
        { action: 'workshop-published', target: workshop },
        { action: 'survey-updated', target: workshop },
        { action: 'workshop-organizers-changed', target: workshop },
        { action: 'workshop-cancelled', target: workshop },
        { action: 'topic-created', target: topic },
        { action: 'campaign-created', target: scheduled },
        { action: 'campaign-updated', target: scheduled },
        { action: 'campaign-test-sent', target: scheduled },
        { action: 'campaign-scheduled', target: scheduled },
        { action: 'campaign-cancelled', target: scheduled },
        { action: 'campaign-sent', target: now },
        { action: 'campaign-resumed', target: paused },
      ]),
    );
    expect(entries).toHaveLength(16); // six workshop writes, the topic, three drafts and six campaign changes
    expect(JSON.stringify(await scan('AUDIT#'))).not.toContain(key);

    const cookie = await signIn(hearth, 'admin@hearth.localhost');
    const page = text(await (await get(hearth, '/console/audit', cookie)).text());
    expect(page).toContain('Who API key “Audited script” What Resumed a campaign (campaign-resumed)');
    expect(page).toContain('Who API key “Audited script” What Created a workshop (workshop-created)');
  });
});

describe('last used and expiry (these move the clock)', () => {
  it('notes the last use at most once a minute', async () => {
    const { secret, id } = await createApiKeyWithId(hearth, { scopes: ['read'] });
    expect((await storedKey(id)).lastUsedAt).toBeUndefined();
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret)).status).toBe(200);
    const first = (await storedKey(id)).lastUsedAt as string;
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret)).status).toBe(200);
    expect((await storedKey(id)).lastUsedAt).toBe(first);
    await setClock(hearth, new Date(Date.parse(await clockNow(hearth)) + 2 * 60_000).toISOString());
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, secret)).status).toBe(200);
    expect(Date.parse((await storedKey(id)).lastUsedAt as string)).toBeGreaterThanOrEqual(Date.parse(first) + 2 * 60_000);
    expect((await cli(hearth, 'api-key', 'list')).stdout).toContain(`${id}\torganizer\tactive`);
  });

  it('a key expires after its days (default 90): then 401 saying so; revoked and unknown keys stay 401', async () => {
    const { secret: short } = await createApiKeyWithId(hearth, { scopes: ['read'], expiresDays: 1 });
    const { secret: usual, id: usualId } = await createApiKeyWithId(hearth, { scopes: ['read'] });
    const created = Date.parse((await storedKey(usualId)).createdAt as string);
    expect(Date.parse((await storedKey(usualId)).expiresAt as string)).toBe(created + 90 * 24 * 3600 * 1000);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, short)).status).toBe(200);

    await setClock(hearth, new Date(Date.parse(await clockNow(hearth)) + 2 * 24 * 3600 * 1000).toISOString());
    const expired = await api(hearth, 'GET', '/api/organizer/workshops', undefined, short);
    expect(expired.status).toBe(401);
    expect(expired.json.error.message).toMatch(/expired/);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, usual)).status).toBe(200);

    await cli(hearth, 'api-key', 'revoke', '--id', usualId);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, usual)).status).toBe(401);
    expect((await api(hearth, 'GET', '/api/organizer/workshops', undefined, `hearth_${'x'.repeat(43)}`)).status).toBe(401);
  });
});
