import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FunctionSpec } from '../../shared/function-spec';
import { now, nowIso, setLocalClock } from '../../shared/clock';
import { createAwsEndpoint, type AwsEndpoint } from './aws-endpoint';
import { createBus, eventBridgeEvent, type Bus, type BusEvent, type Subscription } from './bus';
import { devRoutes } from './dev-routes';
import { checkJava, ensureTable, startDynamoDb, type DynamoDbLocal } from './dynamodb';
import { createDynamoDbChaos, type DynamoDbChaos } from './dynamodb-chaos';
import { ensureLinkSecret, ensureLocalAdmin, seedDemoIfEmpty, toDeadLetter, wipeData } from './first-run';
import { createHttpServer } from './http-server';
import { closeServer, listen } from './io';
import { createLocalFunction, functionName, type LocalFunction } from './lambda';
import { startSesEmulator, type SesEmulator } from './mail';
import type { LocalOptions } from './options';
import { killOnExit } from './processes';
import { createRouter } from './routes';
import { createLocalScheduler, type LocalScheduler } from './scheduler';
import { createTtlReaper } from './dynamodb-ttl';

/**
 * The local runtime: the same catalog and the same handler code as on AWS, with DynamoDB Local,
 * the SES emulator, an API Gateway HTTP API adapter, an EventBridge bus with Lambda's async retry
 * semantics and an internal AWS endpoint for EventBridge, SQS and Secrets Manager, all in this
 * process (handlers run in it) plus two children (java, the SES emulator). One per process: it sets
 * process.env for the handlers. docs/local.md describes how each piece maps to AWS.
 */

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

const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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
  const ttl = createTtlReaper({ client: () => dynamo?.client, tableName, now, log });

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    ready = false;
    scheduler?.close();
    ttl.close();
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
    // The CLI's commands that publish events (`hearth retention sync`) find the bus here, as they find the link secret.
    writeFileSync(resolve(dataDir, 'aws-endpoint'), `${aws.url}\n`);
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
      local: devRoutes({ ready: () => ready, bus: () => bus, scheduler: () => scheduler, dynamoChaos: () => dynamoChaos, reapExpired: () => ttl.reap() }),
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
    ttl.start();
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
