import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerJson } from '../support/hearth';
import { startLocal } from '../support/local';

/**
 * `npm start` as a newcomer meets it: demo workshops on the first start only, data kept across
 * restarts, --fresh to start over, --no-demo to skip the demo, Ctrl-C stopping every child, and a
 * plain message when Java is missing.
 */
const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'hearth-start-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const javaProcessesOn = (port: string) =>
  spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes('DynamoDBLocal') && line.includes(`-port ${port}`));

const workshops = async (baseUrl: string) =>
  ((await (await fetch(`${baseUrl}/api/workshops`)).json()) as { workshops: { id: string; title: string; seatsLeft: number }[] }).workshops;

describe('npm start', () => {
  it('adds demo workshops once, keeps data across restarts, and Ctrl-C stops every child', async () => {
    const first = await startLocal({ persistent: { dataDir, fresh: true }, demo: true });
    // A newcomer can sign in to the console: the first start creates an admin and says so.
    expect(first.output()).toMatch(/created the organizer admin@hearth\.localhost \(admin\).*sign in at .*\/console\/sign-in/);
    const demo = await workshops(first.baseUrl);
    expect(demo.length).toBeGreaterThanOrEqual(3);
    const target = demo[0]!;
    expect((await registerJson(first, target.id, 'kept@example.org')).status).toBe(202);
    await first.waitForIdle();
    const dynamoPort = new URL(first.dynamoEndpoint).port;
    expect(javaProcessesOn(dynamoPort).length).toBe(1);
    await first.stop('SIGINT');
    expect(javaProcessesOn(dynamoPort)).toEqual([]);

    const second = await startLocal({ persistent: { dataDir }, demo: true });
    try {
      const again = await workshops(second.baseUrl);
      expect(again.map((w) => w.id).sort()).toEqual(demo.map((w) => w.id).sort()); // no second set of demo workshops
      expect(again.find((w) => w.id === target.id)!.seatsLeft).toBe(target.seatsLeft - 1); // the registration survived
    } finally {
      await second.stop();
    }
  }, 240_000);

  it('--fresh starts over, and --no-demo skips the demo workshops', async () => {
    const fresh = await startLocal({ persistent: { dataDir, fresh: true } });
    try {
      expect(await workshops(fresh.baseUrl)).toEqual([]);
    } finally {
      await fresh.stop();
    }
  }, 120_000);

  it('says plainly that Java 17+ is needed, and how to get it, when java is missing', () => {
    const bin = mkdtempSync(join(tmpdir(), 'hearth-nojava-'));
    try {
      symlinkSync(process.execPath, join(bin, 'node'));
      const result = spawnSync(join(root, 'node_modules/.bin/tsx'), ['infra/local/start.ts', '--in-memory', '--no-demo'], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: bin, HOME: process.env.HOME ?? '/tmp', HEARTH_DATA_DIR: join(bin, 'data') },
        timeout: 60_000,
      });
      expect(result.status).toBe(1);
      expect(`${result.stdout}${result.stderr}`).toMatch(/needs Java 17 or newer/);
      expect(`${result.stdout}${result.stderr}`).toMatch(/apt-get install openjdk-17-jre-headless/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
