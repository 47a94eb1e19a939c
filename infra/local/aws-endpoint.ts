import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { eventBridgeEvent, eventTime, type BusEvent } from './bus';
import { ACCOUNT_ID, REGION } from './lambda';
import { closeServer, listen, readBody, sendJson } from './io';

/**
 * The internal AWS endpoint the handlers' SDK clients talk to (through AWS_ENDPOINT_URL_EVENTBRIDGE,
 * _SQS and _SECRETS_MANAGER). It speaks the AWS JSON protocols of SDK v3 and dispatches on the
 * X-Amz-Target header:
 * - AWSEvents.PutEvents (JSON 1.1): validates each entry like EventBridge, hands it to the bus.
 * - AmazonSQS.SendMessage (JSON 1.0): the dead-letter queue; answers the MD5 the SDK verifies.
 * - secretsmanager.GetSecretValue (JSON 1.1): the local link secret.
 * and, for REST-JSON services, on the path:
 * - /schedules…: EventBridge Scheduler (AWS_ENDPOINT_URL_SCHEDULER), served by ./scheduler.ts.
 * Signatures are not checked.
 */
export interface AwsEndpointOptions {
  eventBusName: string;
  /** The SecretId handlers ask for (LINK_SECRET_ARN). */
  linkSecretId: string;
  linkSecret: () => string;
  /** The dead-letter queue's name, last segment of DEAD_LETTER_QUEUE_URL. */
  deadLetterQueueName: string;
  putEvents(events: BusEvent[]): void;
  deadLetter(body: unknown): void;
  /** REST-JSON APIs (Scheduler): an answer, or undefined when the path is not theirs. */
  rest?: (method: string, url: URL, body: unknown) => { status: number; body: unknown; errorType?: string } | undefined;
  now?: () => Date;
  port?: number;
  host?: string;
}

export interface AwsEndpoint {
  url: string;
  server: Server;
  close(): Promise<void>;
}

class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface PutEventsEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  EventBusName?: unknown;
  Time?: unknown;
  Resources?: unknown;
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** PutEvents limit: 256 KB for the whole request's entries. */
const MAX_PUT_EVENTS_BYTES = 256 * 1024;

const entrySize = (entry: PutEventsEntry): number =>
  [entry.Source, entry.DetailType, entry.Detail, entry.EventBusName]
    .filter((value): value is string => typeof value === 'string')
    .reduce((sum, value) => sum + Buffer.byteLength(value), Array.isArray(entry.Resources) ? entry.Resources.join('').length : 0) +
  (entry.Time === undefined ? 0 : 14);

const parseTime = (value: unknown, now: Date): Date | undefined => {
  if (value === undefined || value === null) return now;
  const time = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time : undefined;
};

export const createAwsEndpoint = async (options: AwsEndpointOptions): Promise<AwsEndpoint> => {
  const now = options.now ?? (() => new Date());
  const busNames = new Set([options.eventBusName, 'default', `arn:aws:events:${REGION}:${ACCOUNT_ID}:event-bus/${options.eventBusName}`]);
  const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${options.linkSecretId}-local`;
  const secretVersion = randomUUID();

  const putEvents = (input: { Entries?: unknown }) => {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
      throw new AwsError('ValidationException', '1 validation error detected: Value at \'entries\' failed to satisfy constraint: Member must have length between 1 and 10');
    }
    const size = (entries as PutEventsEntry[]).reduce((sum, entry) => sum + entrySize(entry), 0);
    if (size > MAX_PUT_EVENTS_BYTES) throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
    const accepted: BusEvent[] = [];
    const results = (entries as PutEventsEntry[]).map((entry): EntryResult => {
      const fail = (ErrorCode: string, ErrorMessage: string) => ({ ErrorCode, ErrorMessage });
      if (typeof entry.Source !== 'string' || entry.Source === '') return fail('InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.');
      if (typeof entry.DetailType !== 'string' || entry.DetailType === '') {
        return fail('InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.');
      }
      if (typeof entry.Detail !== 'string' || entry.Detail === '') return fail('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.');
      if (entry.Source.startsWith('aws.')) return fail('NotAuthorizedForSourceException', 'Not authorized for the source.');
      if (entry.EventBusName !== undefined && !busNames.has(String(entry.EventBusName))) {
        return fail('ResourceNotFoundException', `Event bus ${String(entry.EventBusName)} does not exist.`);
      }
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return fail('MalformedDetail', 'Detail is malformed.');
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return fail('MalformedDetail', 'Detail is malformed.');
      const time = parseTime(entry.Time, now());
      if (!time) return fail('InvalidArgument', 'Parameter Time is not valid.');
      const resources = Array.isArray(entry.Resources) ? entry.Resources.map(String) : [];
      const event = eventBridgeEvent({ source: entry.Source, detailType: entry.DetailType, detail, time: eventTime(time), resources });
      accepted.push(event);
      return { EventId: event.id };
    });
    // Handed over after the answer is built: delivery never runs inside the PutEvents call.
    options.putEvents(accepted);
    return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
  };

  const sendMessage = (input: { QueueUrl?: unknown; MessageBody?: unknown }) => {
    const queueName = typeof input.QueueUrl === 'string' ? input.QueueUrl.replace(/\/+$/, '').split('/').pop() : undefined;
    if (queueName !== options.deadLetterQueueName) {
      throw new AwsError('com.amazonaws.sqs#QueueDoesNotExist', 'The specified queue does not exist.');
    }
    if (typeof input.MessageBody !== 'string' || input.MessageBody === '') {
      throw new AwsError('com.amazonaws.sqs#MissingParameter', 'The request must contain the parameter MessageBody.');
    }
    let body: unknown = input.MessageBody;
    try {
      body = JSON.parse(input.MessageBody);
    } catch {
      // a plain-text message stays a string
    }
    options.deadLetter(body);
    return { MessageId: randomUUID(), MD5OfMessageBody: createHash('md5').update(input.MessageBody, 'utf8').digest('hex') };
  };

  const getSecretValue = (input: { SecretId?: unknown }) => {
    const id = String(input.SecretId ?? '');
    if (id !== options.linkSecretId && id !== secretArn && !id.endsWith(`:secret:${options.linkSecretId}`)) {
      throw new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    return {
      ARN: secretArn,
      Name: options.linkSecretId,
      SecretString: options.linkSecret(),
      VersionId: secretVersion,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Math.floor(now().getTime() / 1000),
    };
  };

  const operations: Record<string, (input: never) => unknown> = {
    'AWSEvents.PutEvents': putEvents,
    'AmazonSQS.SendMessage': sendMessage,
    'secretsmanager.GetSecretValue': getSecretValue,
  };

  const server = createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const contentType = target.startsWith('AmazonSQS.') ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
    const requestId = randomUUID();
    const headers = { 'content-type': contentType, 'x-amzn-requestid': requestId };
    const answerError = (error: AwsError) =>
      sendJson(res, error.status, { __type: error.type, message: error.message }, { ...headers, 'x-amzn-errortype': error.type.split('#').pop()! });

    readBody(req, 1024 * 1024)
      .then((raw) => {
        if (!target && options.rest) {
          const url = new URL(req.url ?? '/', 'http://127.0.0.1');
          let body: unknown;
          try {
            body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
          } catch {
            throw new AwsError('SerializationException', 'The request body is not valid JSON');
          }
          const answer = options.rest(req.method ?? 'GET', url, body);
          if (answer) {
            const restHeaders = { 'content-type': 'application/json', 'x-amzn-requestid': requestId };
            sendJson(res, answer.status, answer.body, answer.errorType ? { ...restHeaders, 'x-amzn-errortype': answer.errorType } : restHeaders);
            return;
          }
        }
        const operation = operations[target];
        if (req.method !== 'POST' || !operation) {
          throw new AwsError('UnknownOperationException', `The local Hearth AWS endpoint does not implement ${target || 'this request (no X-Amz-Target)'}`);
        }
        let input: unknown;
        try {
          input = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
        } catch {
          throw new AwsError('SerializationException', 'The request body is not valid JSON');
        }
        if (typeof input !== 'object' || input === null) throw new AwsError('SerializationException', 'The request body must be a JSON object');
        sendJson(res, 200, operation(input as never), headers);
      })
      .catch((error: unknown) => {
        if (error instanceof AwsError) return answerError(error);
        answerError(new AwsError('InternalFailure', error instanceof Error ? error.message : String(error), 500));
      });
  });

  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1', 'internal AWS endpoint');
  return { url: `http://127.0.0.1:${port}`, server, close: () => closeServer(server) };
};
