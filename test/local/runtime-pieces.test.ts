import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus, eventBridgeEvent } from '../../infra/local/bus';
import { devRoutes } from '../../infra/local/dev-routes';
import { javaMajorVersion } from '../../infra/local/dynamodb';
import { createHttpServer } from '../../infra/local/http-server';
import { closeServer } from '../../infra/local/io';
import { createRouter } from '../../infra/local/routes';
import { ensureLinkSecret } from '../../infra/local/first-run';
import { optionsFromEnv } from '../../infra/local/options';

describe('npm start options', () => {
  it('reads flags and environment', () => {
    const options = optionsFromEnv(['--fresh', '--in-memory', '--no-demo', '--data-dir', '/tmp/x'], {
      PORT: '4000',
      HEARTH_MAIL_PORT: '4005',
      HEARTH_DYNAMODB_PORT: '4001',
      HEARTH_BASE_URL: 'http://hearth.test',
      HEARTH_CHAOS_DUPLICATE: '0.5',
      HEARTH_CHAOS_FAILURE: '0.25',
      HEARTH_CHAOS_DYNAMODB: '0.1',
      HEARTH_RETRY_BASE_MS: '5',
    });
    expect(options).toMatchObject({
      fresh: true,
      inMemory: true,
      demo: false,
      dataDir: '/tmp/x',
      port: 4000,
      mailPort: 4005,
      dynamoPort: 4001,
      baseUrl: 'http://hearth.test',
      chaosDuplicate: 0.5,
      chaosFailure: 0.25,
      chaosDynamodb: 0.1,
      retryBaseMs: 5,
    });
    expect(optionsFromEnv([], { HEARTH_DATA_DIR: '/tmp/y' }).dataDir).toBe('/tmp/y');
    expect(() => optionsFromEnv(['--frsh'], {})).toThrow(/Unknown option --frsh/);
    expect(() => optionsFromEnv([], { PORT: 'abc' })).toThrow(/PORT must be a number/);
  });

  it('parses java -version output', () => {
    expect(javaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajorVersion('java version "1.8.0_392"')).toBe(8);
    expect(javaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajorVersion('nothing here')).toBeUndefined();
  });

  it('generates the link secret once, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-secret-'));
    try {
      const first = ensureLinkSecret(dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(statSync(join(dir, 'link-secret')).mode & 0o777).toBe(0o600);
      expect(ensureLinkSecret(dir)).toBe(first);
      writeFileSync(join(dir, 'link-secret'), 'short');
      const replaced = ensureLinkSecret(dir);
      expect(replaced).not.toBe('short');
      expect(readFileSync(join(dir, 'link-secret'), 'utf8').trim()).toBe(replaced);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the local-only routes', () => {
  let ready = false;
  let release: () => void = () => undefined;
  const bus = createBus({
    subscriptions: [
      { name: 'held', source: 's', detailType: 'd', invoke: () => new Promise<void>((resolve) => (release = resolve)) },
    ],
  });
  const server = createHttpServer({
    router: createRouter([{ routeKey: 'GET /api/x', target: { functionName: 'x', invoke: async () => ({ ok: true }) } }]),
    ready: () => ready,
    local: devRoutes({ ready: () => ready, bus: () => bus, scheduler: () => undefined }),
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    bus.close();
    await closeServer(server);
  });

  it('/health is 503 and catalog routes are 503 until ready, then 200', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(503);
    expect((await fetch(`${base}/api/x`)).status).toBe(503);
    ready = true;
    const health = await fetch(`${base}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    expect((await fetch(`${base}/api/x`)).status).toBe(200);
  });

  it('/dev/bus shows pending deliveries; /dev/bus/idle answers 504 on timeout and 200 once idle', async () => {
    bus.publish(eventBridgeEvent({ source: 's', detailType: 'd', detail: {} }));
    const state = await (await fetch(`${base}/dev/bus`)).json();
    expect(state).toEqual({ pending: 1, delivered: 0, published: 1, recent: [expect.objectContaining({ source: 's', detailType: 'd' })], deadLetters: [] });
    const timedOut = await fetch(`${base}/dev/bus/idle?timeout=50`, { method: 'POST' });
    expect(timedOut.status).toBe(504);
    const idle = fetch(`${base}/dev/bus/idle?timeout=5000`, { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const answer = await idle;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ pending: 0, delivered: 1 });
  });
});
