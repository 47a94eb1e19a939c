/**
 * `npm run hearth -- dead-letters list` and `npm run hearth -- dead-letters redrive [--id ID]`: the
 * events a function could not take, and delivering them again once the cause is fixed.
 *
 * - Locally it asks the running runtime (`npm start`; HEARTH_BASE_URL, default
 *   http://localhost:PORT) for its dead-letter list (GET /dev/bus/dead-letters) and redrives through
 *   it (POST /dev/bus/redrive): each event goes again to the one function it failed in.
 * - With HEARTH_TARGET=aws it reads every event function's dead-letter queue
 *   (`hearth-<stage>-<function>-dlq`, HEARTH_STAGE, default dev) and redrives a message by putting its
 *   event back on the stage's bus (PutEvents), then deleting the message. On the bus every rule of
 *   the event's detail-type delivers it: the function that failed, and the other consumers of that
 *   event, which recognise it (same envelope eventId) and do nothing twice. EventBridge refuses
 *   `aws.*` sources from PutEvents, so SES's bounce and complaint events are listed but not redriven
 *   (docs/aws.md).
 *
 * A listing shows the id, the function, the detail-type, when and why; never the event (it carries
 * ids only, but a listing has no use for them).
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';

export interface ListedDeadLetter {
  id: string;
  functionName: string;
  source: string;
  detailType: string;
  reason: string;
  /** ISO 8601. */
  at: string;
}

/** An EventBridge event as a rule target receives it (what a dead-letter message holds). */
export interface DeliveredEvent {
  id?: string;
  source: string;
  'detail-type': string;
  time?: string;
  resources?: string[];
  detail: unknown;
}

export interface QueuedDeadLetter extends ListedDeadLetter {
  /** The event to deliver again; undefined when the message holds none. */
  event?: DeliveredEvent;
  receiptHandle: string;
}

const REASON_MAX = 300;
const attribute = (attributes: Record<string, MessageAttributeValue> | undefined, ...names: string[]): string | undefined =>
  names.map((name) => attributes?.[name]?.StringValue).find((value) => value !== undefined && value !== '');

const isEvent = (value: unknown): value is DeliveredEvent =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as DeliveredEvent).source === 'string' &&
  typeof (value as DeliveredEvent)['detail-type'] === 'string' &&
  'detail' in value;

/**
 * One message of a function's dead-letter queue as a dead letter. Three senders write there:
 * - the EventBridge rule, after its retries: the body is the event; RULE_ARN, TARGET_ARN,
 *   ERROR_CODE, ERROR_MESSAGE (and EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS) are message attributes;
 * - Lambda, after an asynchronous invocation failed three times: the body is the event (the
 *   invocation's payload); RequestID, ErrorCode and ErrorMessage are message attributes;
 * - the function itself, for an event that can never succeed (shared/events/consume.ts): the body is
 *   `{ reason, functionName, event }`.
 */
export const fromSqsMessage = (functionName: string, message: Message): QueuedDeadLetter => {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    body = undefined;
  }
  const own = typeof body === 'object' && body !== null && 'reason' in body && 'event' in body ? body : undefined;
  const event = own ? own.event : body;
  const reason =
    (own && typeof own.reason === 'string' ? own.reason : undefined) ??
    attribute(message.MessageAttributes, 'ERROR_MESSAGE', 'ErrorMessage') ??
    attribute(message.MessageAttributes, 'ERROR_CODE', 'ErrorCode') ??
    (event === undefined ? 'The message holds no event' : 'Sent to the dead-letter queue');
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    id: message.MessageId ?? '',
    functionName,
    source: isEvent(event) ? event.source : '',
    detailType: isEvent(event) ? event['detail-type'] : '',
    reason: reason.length > REASON_MAX ? `${reason.slice(0, REASON_MAX - 1)}…` : reason,
    at: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : '',
    ...(isEvent(event) ? { event } : {}),
    receiptHandle: message.ReceiptHandle ?? '',
  };
};

/** The PutEvents entry that delivers a dead letter's event again, or why it cannot be. */
export const redriveEntry = (
  deadLetter: Pick<QueuedDeadLetter, 'event'>,
  eventBusName: string,
): { entry: { EventBusName: string; Source: string; DetailType: string; Detail: string; Resources: string[]; Time?: Date } } | { refused: string } => {
  const { event } = deadLetter;
  if (!event) return { refused: 'The message holds no event' };
  if (event.source.startsWith('aws.')) return { refused: `EventBridge takes no ${event.source} events from PutEvents; this one cannot be redriven` };
  const time = event.time ? new Date(event.time) : undefined;
  return {
    entry: {
      EventBusName: eventBusName,
      Source: event.source,
      DetailType: event['detail-type'],
      Detail: JSON.stringify(event.detail),
      Resources: event.resources ?? [],
      ...(time && !Number.isNaN(time.getTime()) ? { Time: time } : {}),
    },
  };
};

export const formatDeadLetter = (deadLetter: ListedDeadLetter): string =>
  [deadLetter.id, deadLetter.functionName, deadLetter.detailType || '-', deadLetter.at || '-', deadLetter.reason.replace(/\s+/g, ' ')].join('\t');

const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

/** Local: the running runtime's dead-letter list. */
const local = () => {
  const base = (process.env.HEARTH_BASE_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`).replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch (error) {
      return fail(`Cannot reach the local runtime at ${base}. Is \`npm start\` running? (${(error as Error).message})`);
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, answer };
  };
  return {
    async list(): Promise<ListedDeadLetter[]> {
      const { status, answer } = await call('GET', '/dev/bus/dead-letters');
      if (status !== 200) fail(`The runtime answered ${status}: ${typeof answer.message === 'string' ? answer.message : ''}`);
      return answer.deadLetters as ListedDeadLetter[];
    },
    async redrive(id: string | undefined): Promise<{ redriven: string[]; refused: { id: string; reason: string }[] }> {
      const { status, answer } = await call('POST', '/dev/bus/redrive', id === undefined ? undefined : { id });
      if (status !== 200 && status !== 404) fail(`The runtime answered ${status}: ${typeof answer.message === 'string' ? answer.message : ''}`);
      return answer as { redriven: string[]; refused: { id: string; reason: string }[] };
    },
  };
};

/** AWS: every event function's dead-letter queue, read with SQS; redriven with PutEvents. */
const aws = async () => {
  const { SQSClient, GetQueueUrlCommand, ReceiveMessageCommand, DeleteMessageCommand, ChangeMessageVisibilityCommand } = await import('@aws-sdk/client-sqs');
  const { EventBridgeClient, PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
  const { catalog } = await import('../shared/catalog');
  const stage = process.env.HEARTH_STAGE ?? 'dev';
  const eventBusName = process.env.EVENT_BUS_NAME ?? `hearth-${stage}`;
  const sqs = new SQSClient({ maxAttempts: 5 });
  const events = new EventBridgeClient({ maxAttempts: 5 });

  /** Every message of every queue, each held invisible for a minute while we look at it. */
  const receiveAll = async (): Promise<(QueuedDeadLetter & { queueUrl: string })[]> => {
    const found: (QueuedDeadLetter & { queueUrl: string })[] = [];
    for (const spec of catalog.filter((entry) => entry.trigger.kind !== 'http')) {
      const functionName = `hearth-${stage}-${spec.name}`;
      let queueUrl: string | undefined;
      try {
        queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: `${functionName}-dlq` }))).QueueUrl;
      } catch (error) {
        if ((error as { name?: string }).name === 'QueueDoesNotExist' || (error as { name?: string }).name === 'AWS.SimpleQueueService.NonExistentQueue') continue;
        throw error;
      }
      if (!queueUrl) continue;
      const seen = new Set<string>();
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 60,
            WaitTimeSeconds: 0,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['SentTimestamp'],
          }),
        );
        const fresh = Messages.filter((message) => message.MessageId && !seen.has(message.MessageId));
        if (fresh.length === 0) break;
        for (const message of fresh) {
          seen.add(message.MessageId!);
          found.push({ ...fromSqsMessage(functionName, message), queueUrl });
        }
      }
    }
    return found;
  };
  /** Visible again at once, for the next list or redrive. */
  const giveBack = (deadLetter: { queueUrl: string; receiptHandle: string }) =>
    sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: deadLetter.queueUrl, ReceiptHandle: deadLetter.receiptHandle, VisibilityTimeout: 0 })).catch(() => undefined);

  return {
    async list(): Promise<ListedDeadLetter[]> {
      const found = await receiveAll();
      await Promise.all(found.map(giveBack));
      return found;
    },
    async redrive(id: string | undefined) {
      const result = { redriven: [] as string[], refused: [] as { id: string; reason: string }[] };
      const found = await receiveAll();
      for (const deadLetter of found) {
        if (id !== undefined && deadLetter.id !== id) {
          await giveBack(deadLetter);
          continue;
        }
        const redrive = redriveEntry(deadLetter, eventBusName);
        if ('refused' in redrive) {
          result.refused.push({ id: deadLetter.id, reason: redrive.refused });
          await giveBack(deadLetter);
          continue;
        }
        const put = await events.send(new PutEventsCommand({ Entries: [redrive.entry] }));
        if (put.FailedEntryCount) {
          result.refused.push({ id: deadLetter.id, reason: `PutEvents refused it: ${put.Entries?.[0]?.ErrorMessage ?? 'unknown'}` });
          await giveBack(deadLetter);
          continue;
        }
        await sqs.send(new DeleteMessageCommand({ QueueUrl: deadLetter.queueUrl, ReceiptHandle: deadLetter.receiptHandle }));
        result.redriven.push(deadLetter.id);
      }
      if (id !== undefined && !found.some((deadLetter) => deadLetter.id === id)) result.refused.push({ id, reason: 'No dead letter with this id' });
      return result;
    },
  };
};

export const deadLettersCommand = async (command: string | undefined, args: readonly string[], usage: string): Promise<void> => {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({ args: [...args], options: { id: { type: 'string' } }, strict: true });
  const source = process.env.HEARTH_TARGET === 'aws' ? await aws() : local();
  if (command === 'list' && values.id === undefined) {
    const deadLetters = await source.list();
    for (const deadLetter of deadLetters) console.log(formatDeadLetter(deadLetter));
    console.error(`${deadLetters.length} dead letter${deadLetters.length === 1 ? '' : 's'}.`);
    return;
  }
  if (command !== 'redrive') return fail(usage);
  if (values.id !== undefined && !/^[\w-]{1,100}$/.test(values.id)) return fail('Give the --id of a dead letter (see dead-letters list)');
  const { redriven, refused } = await source.redrive(values.id);
  for (const id of redriven) console.log(`Redrove ${id}`);
  for (const refusal of refused) console.error(`Not redriven ${refusal.id}: ${refusal.reason}`);
  if (values.id !== undefined && redriven.length === 0) process.exit(1);
};
