import { resolve } from 'node:path';

/** The local runtime's options: what `npm start` reads from its command line and the environment. */
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
