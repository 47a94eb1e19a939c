import { describe, expect, it } from 'vitest';
import { formatDeadLetter, fromSqsMessage, redriveEntry } from '../../../infra/dead-letters';

/**
 * The AWS side of `npm run hearth -- dead-letters` (it cannot run here): SQS messages of a
 * function's dead-letter queue, in the shapes their three senders write, as dead letters, and the
 * PutEvents entry that redrives one. Shapes from the EventBridge User Guide ("Using dead-letter
 * queues to process undelivered events": the event as the body, RULE_ARN, TARGET_ARN, ERROR_CODE,
 * ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS as message attributes), the Lambda
 * Developer Guide (asynchronous invocation dead-letter queues: the payload as the body, RequestID,
 * ErrorCode, ErrorMessage as message attributes) and shared/events/consume.ts.
 */
const event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'Registration Confirmed',
  source: 'hearth.registration',
  account: '123456789012',
  time: '2026-12-01T18:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    eventId: 'registration-confirmed:0f8fad5b-d9cb-469f-a165-70867728950e',
    occurredAt: '2026-12-01T18:00:00.000Z',
    schemaVersion: 1,
    data: { workshopId: 'c0ffee00-0000-4000-8000-000000000000', registrationId: '0f8fad5b-d9cb-469f-a165-70867728950e', via: 'registration' },
  },
};
const text = (StringValue: string) => ({ DataType: 'String', StringValue });
const FUNCTION = 'hearth-prod-mail-registration-confirmed';

describe('a dead-letter queue message as a dead letter', () => {
  it("reads the EventBridge rule's message: the event, and the error from its attributes", () => {
    const deadLetter = fromSqsMessage(FUNCTION, {
      MessageId: 'a1b2c3d4-0000-4000-8000-000000000001',
      ReceiptHandle: 'handle-1',
      Body: JSON.stringify(event),
      Attributes: { SentTimestamp: String(Date.parse('2026-12-02T09:30:00Z')) },
      MessageAttributes: {
        RULE_ARN: text('arn:aws:events:eu-west-1:123456789012:rule/hearth-prod/hearth-prod-mail-registration-confirmed'),
        TARGET_ARN: text(`arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION}`),
        ERROR_CODE: text('SDK_CLIENT_ERROR'),
        ERROR_MESSAGE: text('Lambda returned function error'),
        EXHAUSTED_RETRY_CONDITION: text('MaximumRetryAttempts'),
        RETRY_ATTEMPTS: text('185'),
      },
    });
    expect(deadLetter).toEqual({
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      functionName: FUNCTION,
      source: 'hearth.registration',
      detailType: 'Registration Confirmed',
      reason: 'Lambda returned function error',
      at: '2026-12-02T09:30:00.000Z',
      event,
      receiptHandle: 'handle-1',
    });
  });

  it("reads Lambda's message after three failed asynchronous invocations", () => {
    const deadLetter = fromSqsMessage(FUNCTION, {
      MessageId: 'a1b2c3d4-0000-4000-8000-000000000002',
      ReceiptHandle: 'handle-2',
      Body: JSON.stringify(event),
      Attributes: { SentTimestamp: '1764667800000' },
      MessageAttributes: {
        RequestID: text('e5a4c2b6-1111-4000-8000-000000000000'),
        ErrorCode: { DataType: 'Number', StringValue: '200' },
        ErrorMessage: text('The same mail is being sent by another attempt; retry later'),
      },
    });
    expect(deadLetter).toMatchObject({ detailType: 'Registration Confirmed', reason: 'The same mail is being sent by another attempt; retry later', event });
  });

  it("reads the function's own message for an event that can never succeed", () => {
    const malformed = { ...event, detail: { eventId: 'x' } };
    const deadLetter = fromSqsMessage(FUNCTION, {
      MessageId: 'a1b2c3d4-0000-4000-8000-000000000003',
      ReceiptHandle: 'handle-3',
      Body: JSON.stringify({ reason: 'Detail does not match its schema: data: Invalid input', functionName: FUNCTION, event: malformed }),
    });
    expect(deadLetter).toMatchObject({ reason: 'Detail does not match its schema: data: Invalid input', event: malformed, at: '' });
  });

  it('keeps a message that holds no event listed, and refuses to redrive it', () => {
    const deadLetter = fromSqsMessage(FUNCTION, { MessageId: 'm-4', ReceiptHandle: 'h', Body: 'not json' });
    expect(deadLetter).toMatchObject({ source: '', detailType: '', reason: 'The message holds no event' });
    expect(deadLetter.event).toBeUndefined();
    expect(redriveEntry(deadLetter, 'hearth-prod')).toEqual({ refused: 'The message holds no event' });
  });

  it('lists a dead letter as id, function, detail-type, when and why: never the event', () => {
    const deadLetter = fromSqsMessage(FUNCTION, { MessageId: 'm-5', ReceiptHandle: 'h', Body: JSON.stringify(event), Attributes: { SentTimestamp: '1764667800000' } });
    const line = formatDeadLetter(deadLetter);
    expect(line).toBe(`m-5\t${FUNCTION}\tRegistration Confirmed\t2025-12-02T09:30:00.000Z\tSent to the dead-letter queue`);
    expect(line).not.toContain(event.detail.data.registrationId);
  });
});

describe('the PutEvents entry that redrives a dead letter', () => {
  it("puts the event's source, detail-type, detail, resources and time back on the stage's bus", () => {
    expect(redriveEntry({ event }, 'hearth-prod')).toEqual({
      entry: {
        EventBusName: 'hearth-prod',
        Source: 'hearth.registration',
        DetailType: 'Registration Confirmed',
        Detail: JSON.stringify(event.detail),
        Resources: [],
        Time: new Date('2026-12-01T18:00:00Z'),
      },
    });
  });

  it("refuses SES's events: EventBridge takes no aws.* source from PutEvents", () => {
    const bounce = { ...event, source: 'aws.ses', 'detail-type': 'Email Bounced', detail: { eventType: 'Bounce' } };
    expect(redriveEntry({ event: bounce }, 'hearth-prod')).toMatchObject({ refused: expect.stringContaining('aws.ses') });
  });
});
