import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalHandle } from '../support/local';

/** Command lines of the java processes running DynamoDB Local on this port. */
const dynamoJavaOn = (port: number): string[] =>
  execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}(\\s|$)`).test(line));

describe('the whole local runtime, started like npm start', () => {
  let local: LocalHandle;
  let startedIn = 0;

  beforeAll(async () => {
    const started = Date.now();
    local = await startLocal();
    startedIn = Date.now() - started;
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('is healthy and answers its local-only routes', async () => {
    console.info(`local runtime healthy after ${startedIn} ms`);
    const health = await local.fetch('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const bus = await local.bus();
    expect(bus).toEqual({ pending: 0, delivered: 0, published: 0, recent: [], deadLetters: [] });
    await local.waitForIdle(1000);

    const unknown = await local.fetch('/no/such/route');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Not Found' });
  });

  it('serves the mail viewer and the mail store of the SES emulator', async () => {
    const viewer = await fetch(local.mailUrl);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/text\/html/);
    expect(await local.mails()).toEqual([]);
  });

  it('exposes its internal AWS endpoint: PutEvents from a test lands on the bus', async () => {
    const client = new EventBridgeClient({ endpoint: local.awsEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const result = await client.send(
      new PutEventsCommand({ Entries: [{ EventBusName: 'hearth-local', Source: 'hearth.test', DetailType: 'Nobody Listens', Detail: '{}' }] }),
    );
    client.destroy();
    expect(result.FailedEntryCount).toBe(0);
    await local.waitForIdle(5000);
    expect(await local.bus()).toMatchObject({ published: 1, pending: 0, delivered: 0, deadLetters: [] });
  });

  it('stop() leaves no DynamoDB Local java process and no data folder behind', async () => {
    const port = Number(new URL(local.dynamoEndpoint).port);
    expect(dynamoJavaOn(port)).toHaveLength(1);
    expect(existsSync(local.dataDir)).toBe(true);
    await local.stop();
    expect(dynamoJavaOn(port)).toEqual([]);
    expect(existsSync(local.dataDir)).toBe(false);
    await expect(fetch(`${local.mailUrl}/health-check`)).rejects.toThrow();
    await expect(local.fetch('/health')).rejects.toThrow();
  });
});
