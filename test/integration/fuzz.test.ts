import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { signIn } from '../support/console';
import { createApiKey, publishedWorkshop } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Every public route of the catalog gets random bodies, content types, ids and query strings, and
 * every route of the catalog (organizer and console ones with an admin's API key and session)
 * random path parameters and query strings: never a 5xx, never a record written; a path parameter
 * that cannot be an id answers 404, a query value beyond its bound 400.
 */
let hearth: LocalHandle;
let workshopId: string;
let key: string;
let session: string;
let dynamo: DynamoDBClient;

const count = async () => (await dynamo.send(new ScanCommand({ TableName: hearth.tableName, Select: 'COUNT' }))).Count ?? 0;

beforeAll(async () => {
  hearth = await startLocal();
  key = await createApiKey(hearth);
  session = await signIn(hearth, 'admin@hearth.localhost');
  workshopId = (await publishedWorkshop(hearth, key, { capacity: 1 })).id;
  dynamo = new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  await hearth?.stop();
});

const routes = catalog.flatMap((spec) => (spec.trigger.kind === 'http' ? spec.trigger.routes : [])).filter((route) => !route.includes('/api/organizer/'));

const body = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('email', 'consent', 'displayName', 'accessibilityNeeds', 'token', 'x'), fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.constant(null))).map((o) => JSON.stringify(o)),
  fc.dictionary(fc.constantFrom('email', 'consent', 'displayName', 'accessibilityNeeds', 'token'), fc.string({ maxLength: 80 })).map((o) => new URLSearchParams(o).toString()),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', '');
const id = fc.oneof(fc.constant('WORKSHOP'), fc.string({ minLength: 1, maxLength: 40 }), fc.uuid());
const query = fc.oneof(fc.constant(''), fc.string({ maxLength: 60 }).map((s) => `?token=${encodeURIComponent(s)}`), fc.string({ maxLength: 60 }).map((s) => `?${s}`));

describe('fuzzing the public endpoints', () => {
  it('covers every public route of the catalog', () => {
    expect(routes.length).toBeGreaterThanOrEqual(8);
  });

  it('never answers 5xx and never writes', async () => {
    const before = await count();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, contentType, id, query, async (route, payload, type, rawId, search) => {
        const [method, template] = route.split(' ') as [string, string];
        const path = template.replace('{id}', rawId === 'WORKSHOP' ? workshopId : encodeURIComponent(rawId));
        const response = await fetch(`${hearth.baseUrl}${path}${search}`, {
          method,
          headers: type ? { 'content-type': type } : {},
          ...(method === 'GET' ? {} : { body: payload }),
          redirect: 'manual',
        });
        await response.arrayBuffer();
        expect(response.status, `${method} ${path}${search}`).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
    await hearth.waitForIdle();
    expect(await count()).toBe(before);
  }, 300_000);
});

/**
 * Every item's key, but the audit log's: downloads of personal data (the subscribers' CSV) are
 * audited by design, reads or not.
 */
const keys = async (): Promise<Set<string>> => {
  const found = new Set<string>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: hearth.tableName, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) if (!item.pk?.S?.startsWith('AUDIT#')) found.add(`${item.pk?.S} ${item.sk?.S}`);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
};

const everyRoute = catalog.flatMap((spec) => (spec.trigger.kind === 'http' ? spec.trigger.routes : []));
const LONG = 'a'.repeat(3000);

/** Values no id, token or filter should be: long, unicode, %-encoded, traversing, empty. */
const nasty = fc.oneof(
  fc.constantFrom('', LONG, 'é'.repeat(1500), '../', '../../etc/passwd', '..%2F..%2F', '%', '%zz', '%00', '%E2%80%AE', '😀', '\u0000', ' ', '.', '..', 'null', '-1', '1e309'),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 1000, maxLength: 3000 }),
  fc.uuid(),
);
/** As sent: percent-encoded, or raw (a raw `%zz` or `../` reaches the URL parser as it is). */
const part = fc.tuple(nasty, fc.boolean()).map(([value, encode]) => (encode ? encodeURIComponent(value) : value.replace(/[?#/]/g, encodeURIComponent)));
const QUERY_NAMES = ['token', 'q', 'topic', 'status', 'cursor', 'state', 'limit', 'created', 'done', 'sent', 'removed', 'revoked', 'copy', 'id', 'page'];
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), part), part), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([name, value]) => `${name}=${value}`).join('&')}` : ''));

const params = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
const fill = (template: string, values: readonly string[]) => {
  let n = 0;
  return template.replace(/\{\w+\}/g, () => values[n++] ?? '');
};
/** A request as an admin would send it (API key and console session), without a body. */
const send = async (method: string, path: string) => {
  const response = await fetch(`${hearth.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, cookie: session, origin: hearth.baseUrl },
    redirect: 'manual',
  });
  return { status: response.status, text: await response.text() };
};

describe("fuzzing every route's path parameters and query strings", () => {
  it('covers every route of the catalog, organizer and console ones too', () => {
    expect(everyRoute.length).toBeGreaterThanOrEqual(80);
    expect(everyRoute.filter((route) => params(route).length > 0).length).toBeGreaterThanOrEqual(40);
  });

  it('answers 404 for a path parameter that cannot be an id, 400 for a query value beyond its bound, and never 5xx; nothing is written', async () => {
    const before = await keys();
    for (const route of everyRoute) {
      const [method, template] = route.split(' ') as [string, string];
      const names = params(template);
      for (const [n] of names.entries()) {
        const values = names.map((_, i) => (i === n ? LONG : workshopId));
        const answer = await send(method, fill(template, values));
        expect(answer.status, `${route} with a 3,000-character ${names[n]}`).toBe(404);
      }
      const long = await send(method, `${fill(template, names.map(() => workshopId))}?token=${LONG}`);
      expect(long.status, `${route} with a 3,000-character query value`).toBe(400);
      if (template.startsWith('/api/')) expect(JSON.parse(long.text).error.fields, route).toHaveProperty('token');

      await fc.assert(
        fc.asyncProperty(fc.array(part, { minLength: names.length, maxLength: names.length }), queryString, async (values, search) => {
          const path = `${fill(template, values)}${search}`;
          const answer = await send(method, path);
          expect(answer.status, `${method} ${path.slice(0, 300)}`).toBeLessThan(500);
        }),
        { numRuns: 12 },
      );
    }
    await hearth.waitForIdle();
    const after = await keys();
    expect([...after].filter((item) => !before.has(item)), 'items written').toEqual([]);
    expect([...before].filter((item) => !after.has(item)), 'items deleted').toEqual([]);
  }, 600_000);
});
