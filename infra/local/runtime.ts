import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FunctionSpec } from '../../shared/catalog';
import { now, nowIso, setLocalClock } from '../../shared/clock';
import { table } from '../../shared/db/table';
import { createAwsEndpoint, type AwsEndpoint } from './aws-endpoint';
import { createBus, eventBridgeEvent, type Bus, type BusEvent, type DeadLetter, type Subscription } from './bus';
import { devRoutes } from './dev-routes';
import { checkJava, ensureTable, startDynamoDb, type DynamoDbLocal } from './dynamodb';
import { createDynamoDbChaos, type DynamoDbChaos } from './dynamodb-chaos';
import { createHttpServer } from './http-server';
import { closeServer, listen } from './io';
import { createLocalFunction, functionName, type LocalFunction } from './lambda';
import { startSesEmulator, type SesEmulator } from './mail';
import { killOnExit } from './processes';
import { createRouter } from './routes';
import { createLocalScheduler, type LocalScheduler } from './scheduler';

/**
 * The local runtime: the same catalog and the same handler code as on AWS, with DynamoDB Local,
 * the SES emulator, an API Gateway HTTP API adapter, an EventBridge bus with Lambda's async retry
 * semantics and an internal AWS endpoint for EventBridge, SQS and Secrets Manager, all in this
 * process (handlers run in it) plus two children (java, the SES emulator). One per process: it sets
 * process.env for the handlers. docs/local.md describes how each piece maps to AWS.
 */
export interface LocalOptions {
  /** Project root (holds shared/catalog.ts and node_modules). */
  root?: string;
  /** PORT, default 3000. */
  port?: number;
  /** HEARTH_HOST, default 127.0.0.1. */
  host?: string;
  /** HEARTH_MAIL_PORT, default 8005: the SES emulator and its mail viewer. */
  mailPort?: number;
  /** HEARTH_DYNAMODB_PORT, default 8000. */
  dynamoPort?: number;
  /** HEARTH_AWS_PORT: the internal AWS endpoint (EventBridge, SQS, Secrets Manager); default a free port. */
  awsPort?: number;
  /** HEARTH_BASE_URL, default http://localhost:PORT; BASE_URL of the links in mails. */
  baseUrl?: string;
  /** TABLE_NAME, default hearth-local. */
  tableName?: string;
  /** --data-dir / HEARTH_DATA_DIR, default <root>/.hearth. */
  dataDir?: string;
  /** --fresh: delete the data (DynamoDB files, link secret) first. */
  fresh?: boolean;
  /** --in-memory: DynamoDB Local keeps nothing on disk. */
  inMemory?: boolean;
  /** Seed demo workshops into an empty database; --no-demo turns it off. Default true. */
  demo?: boolean;
  /** HEARTH_RETRY_BASE_MS, default 100: first retry delay, the second is 4×. */
  retryBaseMs?: number;
  /** HEARTH_CHAOS_DUPLICATE, probability 0..1. */
  chaosDuplicate?: number;
  /** HEARTH_CHAOS_FAILURE, probability 0..1. */
  chaosFailure?: number;
  /**
   * HEARTH_CHAOS_DYNAMODB, probability 0..1 that a DynamoDB call of a function is refused with
   * contention or throttling (./dynamodb-chaos.ts). Above 0 the functions reach DynamoDB Local
   * through that proxy; the runtime's own calls (the table, the demo marker) do not.
   */
  chaosDynamodb?: number;
  /** HEARTH_CONCURRENCY: at most this many invocations of one event function at once (default 10). */
  concurrency?: number;
  /**
   * HEARTH_SES_ACCOUNT_MAX_RATE: the local SES account's sending quota per second. Set, the emulated
   * SES refuses sends beyond it with 429 as SES does; unset, GetAccount answers 14 and nothing is refused.
   */
  sesAccountMaxRate?: number;
  /** HEARTH_CHAOS_SES_LATENCY_MS: every SES API request waits this long before the emulator sees it (a slow SES). */
  chaosSesLatencyMs?: number;
  log?: (line: string) => void;
}

export interface LocalUrls {
  site: string;
  mail: string;
  health: string;
  devBus: string;
  /** EventBridge / SQS / Secrets Manager for the handlers. */
  awsEndpoint: string;
  /** The SES v2 endpoint for the handlers (the SES emulator, with Hearth's additions in its process). */
  sesEndpoint: string;
  /** DynamoDB Local itself. */
  dynamodb: string;
  /** Where the handlers reach DynamoDB: DynamoDB Local, or the HEARTH_CHAOS_DYNAMODB proxy in front of it. */
  dynamodbForHandlers: string;
}

export interface LocalEventInput {
  source: string;
  detailType: string;
  detail: unknown;
  time?: Date | string;
  resources?: string[];
}

export interface LocalRuntime {
  urls: LocalUrls;
  tableName: string;
  dataDir: string;
  /** What was set in process.env for the handlers. */
  env: Record<string, string>;
  /** Catalog entries whose file does not exist (yet). */
  missingHandlers: FunctionSpec[];
  bus: Bus;
  /** EventBridge Scheduler's one-time schedules, fired by the one clock. */
  scheduler: LocalScheduler;
  /** Puts an event on the bus as AWS itself would (SES feedback, schedules): no PutEvents checks. */
  publishLocal(input: LocalEventInput): BusEvent;
  stop(): Promise<void>;
}

export const LINK_SECRET_ID = 'hearth-local-link-secret';
export const DEAD_LETTER_QUEUE = 'hearth-local-dlq';
export const EVENT_BUS_NAME = 'hearth-local';
export const EVENT_BUS_ARN = `arn:aws:events:us-east-1:000000000000:event-bus/${EVENT_BUS_NAME}`;
export const SCHEDULE_GROUP = 'hearth-local';
/**
 * Event functions run at most this many invocations at once each locally; the rest wait, as in
 * Lambda's asynchronous queue. Keeps one machine's memory flat however many batches a fan-out makes
 * (on AWS, each invocation has its own container and no per-function limit is set).
 */
const DEFAULT_CONCURRENCY = 10;
/** How long one step of POST /dev/clock waits for the deliveries a fired schedule caused. */
const CLOCK_IDLE_TIMEOUT_MS = 120_000;
export const DEMO_MARKER_KEY = { [table.partitionKey]: 'LOCAL#DEMO', [table.sortKey]: 'MARKER' } as const;

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const numberOption = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
};

export const USAGE = `Usage: npm start -- [--fresh] [--in-memory] [--no-demo] [--data-dir <dir>]

  --fresh           delete the local data (.hearth: DynamoDB files, link secret) first
  --in-memory       keep DynamoDB in memory (nothing written to .hearth/dynamodb)
  --no-demo         do not add demo workshops to an empty database
  --data-dir <dir>  keep the local data in <dir> instead of .hearth (also HEARTH_DATA_DIR)

Environment: PORT (3000), HEARTH_HOST (127.0.0.1), HEARTH_MAIL_PORT (8005), HEARTH_DYNAMODB_PORT (8000),
HEARTH_AWS_PORT (free port), HEARTH_BASE_URL, TABLE_NAME, HEARTH_RETRY_BASE_MS (100), HEARTH_CHAOS_DUPLICATE,
HEARTH_CHAOS_FAILURE, HEARTH_CHAOS_DYNAMODB, HEARTH_CONCURRENCY (10), HEARTH_SES_MAX_SEND_RATE (campaigns; default: the SES account's
quota), HEARTH_SES_ACCOUNT_MAX_RATE (the local SES account's quota, enforced when set; GetAccount answers 14 otherwise),
HEARTH_CHAOS_SES_LATENCY_MS (every SES request waits this long), HEARTH_SES_REQUEST_TIMEOUT_MS (5000). See docs/local.md.`;

/** Options from the command line and the environment (what `npm start` reads). */
export const optionsFromEnv = (argv: readonly string[], env: NodeJS.ProcessEnv = process.env): LocalOptions & { help?: boolean } => {
  const options: LocalOptions & { help?: boolean } = {
    port: numberOption(env, 'PORT'),
    host: env.HEARTH_HOST || undefined,
    mailPort: numberOption(env, 'HEARTH_MAIL_PORT'),
    dynamoPort: numberOption(env, 'HEARTH_DYNAMODB_PORT'),
    awsPort: numberOption(env, 'HEARTH_AWS_PORT'),
    baseUrl: env.HEARTH_BASE_URL || undefined,
    tableName: env.TABLE_NAME || undefined,
    dataDir: env.HEARTH_DATA_DIR ? resolve(env.HEARTH_DATA_DIR) : undefined,
    retryBaseMs: numberOption(env, 'HEARTH_RETRY_BASE_MS'),
    chaosDuplicate: numberOption(env, 'HEARTH_CHAOS_DUPLICATE'),
    chaosFailure: numberOption(env, 'HEARTH_CHAOS_FAILURE'),
    chaosDynamodb: numberOption(env, 'HEARTH_CHAOS_DYNAMODB'),
    concurrency: numberOption(env, 'HEARTH_CONCURRENCY'),
    sesAccountMaxRate: numberOption(env, 'HEARTH_SES_ACCOUNT_MAX_RATE'),
    chaosSesLatencyMs: numberOption(env, 'HEARTH_CHAOS_SES_LATENCY_MS'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--fresh') options.fresh = true;
    else if (arg === '--in-memory') options.inMemory = true;
    else if (arg === '--no-demo') options.demo = false;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      const value = arg === '--data-dir' ? argv[++i] : arg.slice('--data-dir='.length);
      if (!value) throw new Error('--data-dir needs a directory');
      options.dataDir = resolve(value);
    } else throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
  }
  return options;
};

/** The secret that signs links, generated once into <dataDir>/link-secret (mode 0600). */
export const ensureLinkSecret = (dataDir: string): string => {
  const file = resolve(dataDir, 'link-secret');
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (existing.length >= 32) return existing;
    rmSync(file);
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
};

/** --fresh: only what the runtime keeps in the data dir, so a custom --data-dir is never emptied wholesale. */
const wipeData = (dataDir: string) => {
  for (const entry of ['dynamodb', 'link-secret', 'schedules.json']) rmSync(resolve(dataDir, entry), { recursive: true, force: true });
};

/**
 * Local mode only: with no organizer yet, one admin is created so a newcomer can sign in to the
 * console through the mail viewer. On AWS the first admin comes from the CLI.
 */
const ensureLocalAdmin = async (port: number, log: (line: string) => void) => {
  const { Organizers } = await import('../../shared/console/organizer-store');
  const email = process.env.HEARTH_LOCAL_ADMIN ?? 'admin@hearth.localhost';
  if ((await Organizers.list()).length === 0) {
    await Organizers.add(email, 'admin', now());
    log(`[hearth] created the organizer ${email} (admin): sign in at http://localhost:${port}/console/sign-in, the link arrives in the mail viewer`);
  }
};

/** Seeds demo workshops once: only when the marker item is missing, then writes the marker. */
const seedDemoIfEmpty = async (client: DynamoDBClient, tableName: string, log: (line: string) => void) => {
  const Key = { [table.partitionKey]: { S: DEMO_MARKER_KEY[table.partitionKey] }, [table.sortKey]: { S: DEMO_MARKER_KEY[table.sortKey] } };
  const marker = await client.send(new GetItemCommand({ TableName: tableName, Key, ConsistentRead: true }));
  if (marker.Item) return;
  try {
    const { seedDemo } = await import('../../shared/workshops/demo');
    await seedDemo(now());
    await client.send(new PutItemCommand({ TableName: tableName, Item: { ...Key, seededAt: { S: nowIso() } } }));
    log('[hearth] added the demo workshops');
  } catch (error) {
    log(`[hearth] warning: seeding the demo workshops failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
};

export const startLocal = async (options: LocalOptions = {}): Promise<LocalRuntime> => {
  const log = options.log ?? ((line: string) => console.log(line));
  const root = options.root ?? defaultRoot;
  const port = options.port ?? 3000;
  const host = options.host ?? '127.0.0.1';
  const mailPort = options.mailPort ?? 8005;
  const dynamoPort = options.dynamoPort ?? 8000;
  const tableName = options.tableName ?? 'hearth-local';
  const dataDir = options.dataDir ?? resolve(root, '.hearth');
  const baseUrl = (options.baseUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');

  checkJava();

  const children: ChildProcess[] = [];
  const removeExitHook = killOnExit(() => children);
  const servers: Server[] = [];
  let aws: AwsEndpoint | undefined;
  let dynamoChaos: DynamoDbChaos | undefined;
  let dynamo: DynamoDbLocal | undefined;
  let ses: SesEmulator | undefined;
  let bus: Bus | undefined;
  let scheduler: LocalScheduler | undefined;
  let ready = false;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    ready = false;
    scheduler?.close();
    bus?.close();
    await Promise.all([
      ...servers.map(closeServer),
      aws?.close(),
      dynamoChaos?.close(),
      dynamo?.stop(),
      ses?.stop(),
    ]);
    // Children that never got a handle (startup failed half-way) are killed by the exit hook's list.
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeExitHook();
  };

  try {
    mkdirSync(dataDir, { recursive: true });
    if (options.fresh) wipeData(dataDir);
    const linkSecret = ensureLinkSecret(dataDir);

    scheduler = createLocalScheduler({
      busArn: EVENT_BUS_ARN,
      now,
      setClock: setLocalClock,
      fire: (schedule, detail) => bus?.publish(eventBridgeEvent({ source: schedule.source, detailType: schedule.detailType, detail, time: now() })),
      deadLetter: (schedule, reason) =>
        bus?.addDeadLetter({ functionName: 'scheduler', source: schedule.source, detailType: schedule.detailType, reason, attempts: 0, event: schedule, at: nowIso() }),
      idle: () => bus?.idle(CLOCK_IDLE_TIMEOUT_MS) ?? Promise.resolve(true),
      file: options.inMemory ? undefined : resolve(dataDir, 'schedules.json'),
      log,
    });
    const localScheduler = scheduler;

    // The in-process AWS stand-in first: its port goes into the handlers' environment.
    aws = await createAwsEndpoint({
      rest: (method, url, body) => localScheduler.handle(method, url, body),
      port: options.awsPort ?? 0,
      eventBusName: EVENT_BUS_NAME,
      linkSecretId: LINK_SECRET_ID,
      linkSecret: () => linkSecret,
      deadLetterQueueName: DEAD_LETTER_QUEUE,
      now,
      putEvents: (events) => events.forEach((event) => bus?.publish(event)),
      deadLetter: (body) => bus?.addDeadLetter(toDeadLetter(body)),
    });
    const dynamoUrl = `http://127.0.0.1:${dynamoPort}`;
    if ((options.chaosDynamodb ?? 0) !== 0) {
      dynamoChaos = await createDynamoDbChaos({ target: dynamoUrl, probability: options.chaosDynamodb! });
    }
    // Before any handler module is imported: they read their configuration from here.
    const env: Record<string, string> = {
      HEARTH_LOCAL: '1',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: tableName,
      EVENT_BUS_NAME: EVENT_BUS_NAME,
      HEARTH_BASE_URL: baseUrl,
      LINK_SECRET_ARN: LINK_SECRET_ID,
      DEAD_LETTER_QUEUE_URL: `${aws.url}/000000000000/${DEAD_LETTER_QUEUE}`,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoChaos?.url ?? dynamoUrl,
      AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${mailPort}`,
      AWS_ENDPOINT_URL_EVENTBRIDGE: aws.url,
      AWS_ENDPOINT_URL_SQS: aws.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      AWS_ENDPOINT_URL_SCHEDULER: aws.url,
      EVENT_BUS_ARN,
      SCHEDULE_GROUP_NAME: SCHEDULE_GROUP,
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/hearth-local-scheduler',
      SCHEDULER_DEAD_LETTER_ARN: 'arn:aws:sqs:us-east-1:000000000000:hearth-local-scheduler-dlq',
    };
    // Real AWS credentials or a profile must never leak into local runs.
    for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) delete process.env[name];
    Object.assign(process.env, env);

    // The catalog after the environment, in case anything it imports reads it at load time.
    const { catalog } = await import('../../shared/catalog');
    const functions = new Map<string, LocalFunction>(catalog.map((spec) => [spec.name, createLocalFunction(spec, root)]));
    const missingHandlers = catalog.filter((spec) => !functions.get(spec.name)!.exists());
    const subscriptions: Subscription[] = catalog.flatMap((spec) =>
      spec.trigger.kind === 'event'
        ? [
            {
              name: functionName(spec),
              source: spec.trigger.event.source,
              detailType: spec.trigger.event.detailType,
              invoke: (event: BusEvent) => functions.get(spec.name)!.invoke(event),
            },
          ]
        : [],
    );
    bus = createBus({
      subscriptions,
      retryBaseMs: options.retryBaseMs,
      chaosDuplicate: options.chaosDuplicate,
      chaosFailure: options.chaosFailure,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      now,
      log,
    });
    const router = createRouter(
      catalog.flatMap((spec) =>
        spec.trigger.kind === 'http'
          ? spec.trigger.routes.map((routeKey) => {
              const fn = functions.get(spec.name)!;
              return { routeKey, target: { functionName: fn.functionName, invoke: (event: APIGatewayProxyEventV2) => fn.invoke(event) } };
            })
          : [],
      ),
    );
    const http = createHttpServer({
      router,
      ready: () => ready,
      local: devRoutes({ ready: () => ready, bus: () => bus, scheduler: () => scheduler, dynamoChaos: () => dynamoChaos }),
      log,
    });
    servers.push(http);
    // Listening before the slow part, so /health answers 503 while DynamoDB Local starts.
    await listen(http, port, host, 'the Hearth site, PORT');

    const [dynamoResult, sesResult] = await Promise.allSettled([
      startDynamoDb({ port: dynamoPort, path: options.inMemory ? null : resolve(dataDir, 'dynamodb'), onSpawn: (child) => children.push(child) }),
      startSesEmulator({
        root,
        port: mailPort,
        onSpawn: (child) => children.push(child),
        now,
        log,
        ...(options.sesAccountMaxRate !== undefined ? { accountMaxSendRate: options.sesAccountMaxRate, enforceSendRate: true } : {}),
        ...(options.chaosSesLatencyMs ? { latencyMs: options.chaosSesLatencyMs } : {}),
        publish: (event) => bus?.publish(eventBridgeEvent({ ...event, time: now() })),
      }),
    ]);
    if (dynamoResult.status === 'fulfilled') dynamo = dynamoResult.value;
    if (sesResult.status === 'fulfilled') ses = sesResult.value;
    if (dynamoResult.status === 'rejected') throw dynamoResult.reason;
    if (sesResult.status === 'rejected') throw sesResult.reason;

    const created = await ensureTable(dynamo!.client, tableName);
    if (created) log(`[hearth] created table ${tableName}`);
    if (options.demo !== false) await seedDemoIfEmpty(dynamo!.client, tableName, log);
    await ensureLocalAdmin(port, log);

    if (missingHandlers.length > 0) {
      log(
        `[hearth] warning: ${missingHandlers.length} of ${catalog.length} handler files do not exist yet; their routes answer 500 and their events end in the dead-letter list:\n` +
          missingHandlers.map((spec) => `  - ${spec.entry} (${spec.name})`).join('\n'),
      );
    }

    localScheduler.startTicker();
    ready = true;
    const site = `http://localhost:${port}`;
    const activeBus = bus;
    return {
      urls: {
        site,
        mail: `http://localhost:${mailPort}`,
        health: `${site}/health`,
        devBus: `${site}/dev/bus`,
        awsEndpoint: aws.url,
        sesEndpoint: env.AWS_ENDPOINT_URL_SESV2!,
        dynamodb: dynamoUrl,
        dynamodbForHandlers: env.AWS_ENDPOINT_URL_DYNAMODB!,
      },
      tableName,
      dataDir,
      env,
      missingHandlers,
      bus: activeBus,
      scheduler: localScheduler,
      publishLocal: (input) => {
        const event = eventBridgeEvent({ ...input, time: input.time ?? now() });
        activeBus.publish(event);
        return event;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** A handler's SendMessage to its dead-letter queue, as a dead-letter entry (see shared/events/consume.ts). */
const toDeadLetter = (body: unknown): Omit<DeadLetter, 'id'> => {
  const message = (typeof body === 'object' && body !== null ? body : { reason: String(body) }) as {
    reason?: unknown;
    functionName?: unknown;
    event?: { source?: unknown; 'detail-type'?: unknown };
  };
  return {
    functionName: typeof message.functionName === 'string' ? message.functionName : 'unknown',
    source: typeof message.event?.source === 'string' ? message.event.source : '',
    detailType: typeof message.event?.['detail-type'] === 'string' ? message.event['detail-type'] : '',
    reason: typeof message.reason === 'string' ? message.reason : 'Sent to the dead-letter queue',
    attempts: 0,
    event: message.event ?? body,
    at: nowIso(),
  };
};
