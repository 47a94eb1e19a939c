import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BusStats } from '../../infra/local/bus';
import { emailHashUnder } from './keyed-hash';
import { checkInventory } from './inventory-check';

/**
 * The harness integration tests use: starts the whole local runtime (`infra/local/start.ts`, as
 * `npm start` does) as a child process on free ports with a temporary data folder, in memory and
 * fresh, and hands back URLs and helpers. Always `await handle.stop()` (afterAll); children are
 * also killed when the test process exits, and the runtime stops itself if this process dies.
 */
export interface StartOptions {
  /** HEARTH_CHAOS_DUPLICATE: probability 0..1 that a delivery happens twice. */
  chaosDuplicate?: number;
  /** HEARTH_CHAOS_FAILURE: probability 0..1 that an attempt (never the last) fails. */
  chaosFailure?: number;
  /**
   * HEARTH_CHAOS_DYNAMODB: probability 0..1 that a DynamoDB call of a function is refused with
   * contention or throttling. The handle's dynamoEndpoint stays DynamoDB Local itself, so a test's
   * own reads see the truth.
   */
  chaosDynamodb?: number;
  /** Extra environment for the runtime and its handlers (ORG_NAME, HEARTH_RETRY_BASE_MS…). */
  env?: Record<string, string>;
  /** Seed the demo workshops (default false: --no-demo). */
  demo?: boolean;
  /** How long to wait for /health; default 90 s. */
  timeoutMs?: number;
  /**
   * Keep DynamoDB's data in this folder (as `npm start` does in .hearth/) instead of in memory; the
   * folder is left in place by stop(). `fresh` passes --fresh.
   */
  persistent?: { dataDir: string; fresh?: boolean };
}

/**
 * A mail as the SES emulator stores it (GET /store): aws-ses-v2-local's own shape (its store's
 * `Email`), read by the handle's mails() and by test/support/hearth.ts.
 */
export interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** content is base64. */
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
  headers?: { name: string; value: string }[];
  /** Epoch seconds. */
  at: number;
}

/** The name test/bench uses for StoredMail: the same type. */
export type Email = StoredMail;

export interface LocalHandle {
  /** http://127.0.0.1:<port>, also BASE_URL of the links in mails. */
  baseUrl: string;
  /** The SES emulator: GET / is the mail viewer, GET /store the mails. */
  mailUrl: string;
  dynamoEndpoint: string;
  /** The internal AWS endpoint of the runtime: EventBridge PutEvents, SQS SendMessage, Secrets Manager. */
  awsEndpoint: string;
  tableName: string;
  /** The temporary data folder (removed by stop()). */
  dataDir: string;
  pid: number;
  /** fetch relative to baseUrl. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The bus's counters, recent events and dead letters (GET /dev/bus). */
  bus(): Promise<BusStats>;
  /** How many of the functions' DynamoDB calls HEARTH_CHAOS_DYNAMODB refused so far (GET /dev/chaos). */
  dynamoRefusals(): Promise<number>;
  /** Resolves once no delivery is pending; rejects after timeoutMs (default 30 s). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  mails(): Promise<StoredMail[]>;
  clearMails(): Promise<void>;
  /** What the runtime printed so far (stdout and stderr). */
  output(): string;
  /** Stops the runtime with SIGTERM, or SIGINT as Ctrl-C does. */
  stop(signal?: 'SIGTERM' | 'SIGINT'): Promise<void>;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const running = new Set<ChildProcess>();

const killGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone
  }
};

process.on('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A port free on every interface (DynamoDB Local binds all of them). */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });

const distinctPorts = async (count: number): Promise<number[]> => {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
};

/**
 * Points the AWS SDK clients and Hearth's configuration in this test process at a running local
 * runtime, as its handlers are configured, for tests that call domain code directly against it.
 * `extra` adds or overrides variables (e.g. a different SES endpoint).
 */
export const useRuntimeInThisProcess = async (hearth: LocalHandle, extra: Record<string, string> = {}): Promise<void> => {
  // Only the tests that call domain code load the runtime's module, for its names.
  const { EVENT_BUS_NAME, LINK_SECRET_ID } = await import('../../infra/local/runtime');
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: hearth.dynamoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: hearth.awsEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: hearth.awsEndpoint,
    AWS_ENDPOINT_URL_SESV2: hearth.mailUrl,
    TABLE_NAME: hearth.tableName,
    EVENT_BUS_NAME: EVENT_BUS_NAME,
    LINK_SECRET_ARN: LINK_SECRET_ID,
    HEARTH_BASE_URL: hearth.baseUrl,
    ...extra,
  });
};

/** The link secret a runtime keeps in its data folder. */
export const linkSecretOf = (hearth: Pick<LocalHandle, 'dataDir'>): string => readFileSync(join(hearth.dataDir, 'link-secret'), 'utf8').trim();

/** An address as the runtime's table keys it: HMAC under the key derived from its link secret. */
export const emailHashIn = (hearth: Pick<LocalHandle, 'dataDir'>, email: string): string => emailHashUnder(linkSecretOf(hearth), email);

export const startLocal = async (options: StartOptions = {}): Promise<LocalHandle> => {
  const [port, mailPort, dynamoPort, awsPort] = (await distinctPorts(4)) as [number, number, number, number];
  const dataDir = options.persistent?.dataDir ?? mkdtempSync(join(tmpdir(), 'hearth-test-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const mailUrl = `http://127.0.0.1:${mailPort}`;
  const tableName = options.env?.TABLE_NAME ?? 'hearth-local';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HEARTH_MAIL_PORT: String(mailPort),
    HEARTH_DYNAMODB_PORT: String(dynamoPort),
    HEARTH_AWS_PORT: String(awsPort),
    HEARTH_DATA_DIR: dataDir,
    HEARTH_BASE_URL: baseUrl,
    HEARTH_PARENT_PID: String(process.pid),
    TABLE_NAME: tableName,
    HEARTH_CHAOS_DUPLICATE: String(options.chaosDuplicate ?? 0),
    HEARTH_CHAOS_FAILURE: String(options.chaosFailure ?? 0),
    // Every request of a test comes from one client (127.0.0.1) standing for many people: the
    // per-client registration limit is out of the way unless a test sets it (the limits' own tests do).
    HEARTH_REGISTRATION_LIMIT_PER_CLIENT: '100000',
    HEARTH_CHAOS_DYNAMODB: String(options.chaosDynamodb ?? 0),
    ...options.env,
  };
  delete env.HEARTH_HOST;
  const storage = options.persistent ? (options.persistent.fresh ? ['--fresh'] : []) : ['--in-memory', '--fresh'];
  const args = ['infra/local/start.ts', ...storage, ...(options.demo ? [] : ['--no-demo'])];
  // Its own process group, so stop() can take down java and the SES emulator with it, whatever happens.
  const child = spawn(resolve(root, 'node_modules/.bin/tsx'), args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  let stopped: Promise<void> | undefined;
  let healthy = false;
  const stop = (signal: 'SIGTERM' | 'SIGINT' = 'SIGTERM'): Promise<void> => {
    stopped ??= (async () => {
      // What the test left in the table, against the data inventory (test/support/inventory-check.ts),
      // while DynamoDB Local still runs. Reported once the runtime is down.
      const findings = healthy && child.exitCode === null && child.signalCode === null ? await checkInventory(`http://127.0.0.1:${dynamoPort}`, tableName) : [];
      if (child.exitCode === null && child.signalCode === null) {
        // The leader (tsx) relays the signal to the runtime, which stops its own children; whatever
        // is left of the group afterwards is killed.
        child.kill(signal);
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      }
      if (child.pid !== undefined && groupAlive(child.pid)) {
        killGroup(child, 'SIGKILL');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      }
      running.delete(child);
      if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
      if (findings.length === 0) return;
      const dump = process.env.HEARTH_INVENTORY_DUMP;
      if (dump) {
        mkdirSync(dump, { recursive: true });
        writeFileSync(join(dump, `${process.pid}-${port}.json`), JSON.stringify(findings, null, 2));
        return;
      }
      const lines = findings.map((finding) => `${finding.entity ?? `no entry for ${finding.pk} / ${finding.sk}`}: ${finding.attributes.join(', ')}`);
      throw new Error(`Items in the table hold attributes the data inventory (shared/inventory.ts) does not declare:\n${lines.join('\n')}`);
    })();
    return stopped;
  };

  const timeoutMs = options.timeoutMs ?? 90_000;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`The local runtime exited (${child.exitCode ?? child.signalCode}) before it was healthy. Its output:\n${output}`);
    }
    healthy = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.status === 200)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`The local runtime was not healthy within ${timeoutMs / 1000} s. Its output:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  const json = async <T>(response: Response): Promise<T> => {
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };

  return {
    baseUrl,
    mailUrl,
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    awsEndpoint: `http://127.0.0.1:${awsPort}`,
    tableName,
    dataDir,
    pid: child.pid!,
    fetch: (path, init) => fetch(new URL(path, baseUrl), init),
    bus: async () => json<BusStats>(await fetch(`${baseUrl}/dev/bus`)),
    dynamoRefusals: async () => {
      const { dynamodb } = await json<{ dynamodb: { refused: Record<string, number> } }>(await fetch(`${baseUrl}/dev/chaos`));
      return Object.values(dynamodb.refused).reduce((sum, n) => sum + n, 0);
    },
    waitForIdle: async (timeout = 30_000) => {
      const response = await fetch(`${baseUrl}/dev/bus/idle?timeout=${timeout}`, { method: 'POST' });
      if (response.status !== 200) throw new Error(`The bus did not become idle within ${timeout} ms: ${await response.text()}`);
    },
    mails: async () => (await json<{ emails: StoredMail[] }>(await fetch(`${mailUrl}/store`))).emails,
    clearMails: async () => {
      await json(await fetch(`${mailUrl}/clear-store`, { method: 'POST' }));
    },
    output: () => output,
    stop,
  };
};
