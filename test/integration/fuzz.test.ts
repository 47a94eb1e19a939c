import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { createApiKey, publishedWorkshop } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Every public route of the catalog gets random bodies, content types, ids and query strings:
 * never a 5xx, never a record written.
 */
let hearth: LocalHandle;
let workshopId: string;
let dynamo: DynamoDBClient;

const count = async () => (await dynamo.send(new ScanCommand({ TableName: hearth.tableName, Select: 'COUNT' }))).Count ?? 0;

beforeAll(async () => {
  hearth = await startLocal();
  const key = await createApiKey(hearth);
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
