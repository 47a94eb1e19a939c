import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { addOrganizer, get, post, signIn } from '../support/console';
import { createApiKey, publishedWorkshop, registeredLine } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Every console route of the catalog, attacked the usual ways: no session, a forged session
 * cookie, a role that may not, a form without its CSRF token, a form from another origin. None of
 * them may change anything.
 */
let hearth: LocalHandle;
let dynamo: DynamoDBClient;
let organizerCookie: string;
let adminCookie: string;
let ids: Record<string, string>;

const adminOnly = (path: string) => ['/console/organizers', '/console/api-keys', '/console/audit', '/console/subscribers.csv'].some((prefix) => path.startsWith(prefix));
/** A workshop's own routes: only its organizers and admins may use them (others may see its page). */
const workshopOnly = (method: string, template: string) => template.startsWith('/console/workshops/{id}') && !(method === 'GET' && template === '/console/workshops/{id}');
const consoleRoutes = catalog
  .flatMap((spec) => (spec.trigger.kind === 'http' ? spec.trigger.routes : []))
  .filter((route) => route.split(' ')[1]!.startsWith('/console') && !route.includes('/console/sign-'))
  .map((route) => {
    const [method, template] = route.split(' ') as [string, string];
    return { route, method, template };
  });

const itemCount = async () => (await dynamo.send(new ScanCommand({ TableName: hearth.tableName, Select: 'COUNT' }))).Count ?? 0;
const pathOf = (template: string) => template.replace('{id}', ids.id!).replace('{registrationId}', ids.registrationId!);
const request = (method: string, path: string, cookie: string | undefined, fields: Record<string, string> = {}, origin?: string | null) =>
  method === 'GET' ? get(hearth, path, cookie) : post(hearth, path, fields, { ...(cookie ? { cookie } : {}), ...(origin === undefined ? {} : { origin }) });

beforeAll(async () => {
  hearth = await startLocal();
  dynamo = new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const key = await createApiKey(hearth);
  const workshop = await publishedWorkshop(hearth, key, { capacity: 2 });
  const registration = await registeredLine(hearth, key, workshop.id, 'member@example.org', 'confirmed');
  ids = { id: workshop.id, registrationId: registration.id };
  await addOrganizer(hearth, 'peer@example.org', 'organizer');
  organizerCookie = await signIn(hearth, 'peer@example.org');
  adminCookie = await signIn(hearth, 'admin@hearth.localhost');
  await hearth.waitForIdle();
});

afterAll(async () => {
  await hearth?.stop();
});

describe('console security, for every console route in the catalog', () => {
  it('covers the console', () => {
    expect(consoleRoutes.length).toBeGreaterThanOrEqual(2);
  });

  it('without a session or with a forged cookie: sign in first, nothing changes', async () => {
    const before = await itemCount();
    for (const { method, template, route } of consoleRoutes) {
      for (const cookie of [undefined, `hearth_session=${'A'.repeat(43)}`, 'hearth_session=forged']) {
        const response = await request(method, pathOf(template), cookie);
        expect([303, 401, 403], `${route} with ${cookie ?? 'no cookie'}`).toContain(response.status);
        if (response.status === 303) expect(response.headers.get('location'), route).toBe('/console/sign-in');
      }
    }
    await hearth.waitForIdle();
    expect(await itemCount()).toBe(before);
  });

  it('an organizer gets 403 on every admin route, and nothing changes', async () => {
    const before = await itemCount();
    const admin = consoleRoutes.filter(({ template }) => adminOnly(template));
    for (const { method, template, route } of admin) {
      const csrf = await csrfFor(organizerCookie);
      const response = await request(method, pathOf(template), organizerCookie, { csrf });
      expect(response.status, route).toBe(403);
    }
    await hearth.waitForIdle();
    expect(await itemCount()).toBe(before);
  });

  it('an organizer who does not organize a workshop gets 403 on every route of it but its page, and nothing changes', async () => {
    const before = await itemCount();
    const routes = consoleRoutes.filter(({ method, template }) => workshopOnly(method, template));
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const csrf = await csrfFor(organizerCookie);
    for (const { method, template, route } of routes) {
      const response = await request(method, pathOf(template), organizerCookie, { csrf, confirm: 'yes', attended: 'true', email: 'peer@example.org', who: 'x', subject: 'S', text: 'T', message: 'M' });
      expect(response.status, route).toBe(403);
      expect(await response.text(), route).not.toContain('member@example.org');
    }
    const page = await request('GET', pathOf('/console/workshops/{id}'), organizerCookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('member@example.org');
    expect(html).not.toContain('secret-room');
    expect(html).toContain('1 of 2 places taken');
    await hearth.waitForIdle();
    expect(await itemCount()).toBe(before);
  });

  it('every state-changing form without its CSRF token, with a wrong one, or from another origin gets 403 and changes nothing', async () => {
    const before = await itemCount();
    const posts = consoleRoutes.filter(({ method }) => method === 'POST');
    const csrf = await csrfFor(adminCookie);
    for (const { template, route } of posts) {
      const path = pathOf(template);
      expect((await request('POST', path, adminCookie, {})).status, `${route} without csrf`).toBe(403);
      expect((await request('POST', path, adminCookie, { csrf: 'not-the-token' })).status, `${route} wrong csrf`).toBe(403);
      expect((await request('POST', path, adminCookie, { csrf }, 'https://evil.example')).status, `${route} foreign origin`).toBe(403);
      expect((await request('POST', path, adminCookie, { csrf }, null)).status, `${route} no origin`).toBe(403);
    }
    await hearth.waitForIdle();
    expect(await itemCount()).toBe(before);
  });
});

const csrfFor = async (cookie: string) => {
  const html = await (await get(hearth, '/console', cookie)).text();
  return html.match(/name="csrf"[^>]*value="([^"]+)"/)?.[1] ?? html.match(/value="([^"]+)"[^>]*name="csrf"/)?.[1] ?? '';
};
