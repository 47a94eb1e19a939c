import { randomUUID } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { closeServer, listen, readBody } from './io';

/**
 * HEARTH_CHAOS_DYNAMODB: a proxy in front of DynamoDB Local, which the functions reach through
 * AWS_ENDPOINT_URL_DYNAMODB when the switch is on. Real DynamoDB refuses requests under contention
 * and throttling; DynamoDB Local never does. The proxy forwards every request byte for byte and,
 * with probability `p`, answers a data-plane call itself, as DynamoDB does, WITHOUT forwarding it:
 * like those answers from DynamoDB, a refused write did not happen.
 *
 * | Operation | Answer (HTTP 400, JSON 1.0) |
 * | --- | --- |
 * | TransactWriteItems, TransactGetItems | `TransactionCanceledException`, one action's reason `TransactionConflict` and the others `None`; or `ProvisionedThroughputExceededException` |
 * | PutItem, UpdateItem, DeleteItem | `TransactionConflictException` (an ongoing transaction holds the item); or `ProvisionedThroughputExceededException` |
 * | GetItem, Query, Scan, BatchGetItem, BatchWriteItem | `ProvisionedThroughputExceededException` (reads never conflict) |
 *
 * Half of the refusals are contention, half throttling, where both exist. Control-plane calls
 * (CreateTable, DescribeTable…) are always forwarded.
 */
export type DynamoDbFault = 'TransactionCanceledException' | 'TransactionConflictException' | 'ProvisionedThroughputExceededException';

export interface DynamoDbChaosOptions {
  /** DynamoDB Local, e.g. http://127.0.0.1:8000. */
  target: string;
  /** Probability 0..1 that a data-plane call is refused. */
  probability: number;
  random?: () => number;
  port?: number;
  host?: string;
}

export interface DynamoDbChaos {
  url: string;
  server: Server;
  /** How many calls were refused, by answer. */
  faults(): Record<DynamoDbFault, number>;
  probability(): number;
  /** Changes the probability from the next call on (tests turn chaos on for one step). */
  setProbability(probability: number): void;
  close(): Promise<void>;
}

const TRANSACTIONS = new Set(['TransactWriteItems', 'TransactGetItems']);
const SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const READS_AND_BATCHES = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem']);

const CONFLICT_MESSAGE = 'Transaction is ongoing for the item';
/** DynamoDB's words for an on-demand table (Hearth's is PAY_PER_REQUEST). */
const THROUGHPUT_MESSAGE =
  'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. ' +
  'If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html';

/** The refusal for `operation`, or undefined when it is never refused. */
const faultFor = (operation: string, random: () => number): DynamoDbFault | undefined => {
  if (READS_AND_BATCHES.has(operation)) return 'ProvisionedThroughputExceededException';
  const conflict = random() < 0.5;
  if (TRANSACTIONS.has(operation)) return conflict ? 'TransactionCanceledException' : 'ProvisionedThroughputExceededException';
  if (SINGLE_WRITES.has(operation)) return conflict ? 'TransactionConflictException' : 'ProvisionedThroughputExceededException';
  return undefined;
};

const faultBody = (fault: DynamoDbFault, raw: Buffer, random: () => number): Record<string, unknown> => {
  const __type = `com.amazonaws.dynamodb.v20120810#${fault}`;
  if (fault === 'ProvisionedThroughputExceededException') return { __type, message: THROUGHPUT_MESSAGE };
  if (fault === 'TransactionConflictException') return { __type, message: CONFLICT_MESSAGE };
  let actions = 1;
  try {
    const input = JSON.parse(raw.toString('utf8')) as { TransactItems?: unknown[] };
    actions = Math.max(1, input.TransactItems?.length ?? 1);
  } catch {
    // a body DynamoDB could not parse either: one reason
  }
  const conflicting = Math.floor(random() * actions);
  const reasons = Array.from({ length: actions }, (_, i) => (i === conflicting ? { Code: 'TransactionConflict', Message: CONFLICT_MESSAGE } : { Code: 'None' }));
  return {
    __type,
    CancellationReasons: reasons,
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((reason) => reason.Code).join(', ')}]`,
  };
};

const answerFault = (res: ServerResponse, body: Record<string, unknown>) => {
  const text = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(400, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': text.length,
    'x-amzn-requestid': randomUUID(),
    'x-amz-crc32': String(crc32(text)),
  });
  res.end(text);
};

export const createDynamoDbChaos = async (options: DynamoDbChaosOptions): Promise<DynamoDbChaos> => {
  const checked = (value: number) => {
    if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`HEARTH_CHAOS_DYNAMODB must be a probability between 0 and 1, got ${value}`);
    return value;
  };
  let p = checked(options.probability);
  const random = options.random ?? Math.random;
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true });
  const faults: Record<DynamoDbFault, number> = { TransactionCanceledException: 0, TransactionConflictException: 0, ProvisionedThroughputExceededException: 0 };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const upstream = request(
      { agent, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      // DynamoDB Local went away: the SDK sees a dropped connection, as it would on AWS.
      if (!res.headersSent) res.destroy(error);
    });
    upstream.end(body);
  };

  const server = createServer((req, res) => {
    readBody(req, 16 * 1024 * 1024)
      .then((body) => {
        const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
        // Decided before forwarding: a refused call never reaches DynamoDB Local.
        const fault = p > 0 && random() < p ? faultFor(operation, random) : undefined;
        if (!fault) return forward(req, res, body);
        faults[fault]++;
        answerFault(res, faultBody(fault, body, random));
      })
      .catch((error: unknown) => res.destroy(error instanceof Error ? error : new Error(String(error))));
  });

  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1', 'HEARTH_CHAOS_DYNAMODB proxy');
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    faults: () => ({ ...faults }),
    probability: () => p,
    setProbability: (probability) => {
      p = checked(probability);
    },
    close: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
};
