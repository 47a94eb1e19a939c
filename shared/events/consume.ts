import middy from '@middy/core';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { logger } from '../log';
import type { AnyEventDefinition } from './define';

export interface Delivery {
  /** The idempotency key of the event (our envelope's eventId, or EventBridge's id for AWS events). */
  eventId: string;
  functionName: string;
}

let sqs: SQSClient | undefined;

/**
 * Sends an event that can never succeed (it does not match its schema) to the function's
 * dead-letter queue with the reason, instead of letting it be retried.
 */
const deadLetter = async (event: unknown, reason: string, context: Context) => {
  const queueUrl = process.env.DEAD_LETTER_QUEUE_URL;
  if (!queueUrl) throw new Error(`Malformed event and no DEAD_LETTER_QUEUE_URL: ${reason}`);
  sqs ??= new SQSClient({ maxAttempts: 5 });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({ reason, functionName: context.functionName, event }),
    }),
  );
  logger.warn('Malformed event sent to the dead-letter queue', { reason });
};

/**
 * An EventBridge consumer: the event is parsed with its one schema; a malformed event goes to the
 * dead-letter queue with the reason and is not retried. The domain function must be idempotent:
 * EventBridge and Lambda deliver at least once.
 */
export const consumer = <E extends AnyEventDefinition>(
  definition: E,
  run: (detail: z.infer<E['detail']>, delivery: Delivery) => Promise<void>,
) =>
  middy<EventBridgeEvent<string, unknown>, void, Error, Context>().handler(async (event, context) => {
    logger.addContext(context);
    if (event?.source !== definition.source || event['detail-type'] !== definition.detailType) {
      await deadLetter(event, `Expected ${definition.source} / ${definition.detailType}`, context);
      return;
    }
    const parsed = definition.detail.safeParse(event.detail);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'detail'}: ${issue.message}`).join('; ');
      await deadLetter(event, `Detail does not match its schema: ${reason}`, context);
      return;
    }
    const detail = parsed.data as { eventId?: unknown };
    const eventId = typeof detail.eventId === 'string' ? detail.eventId : event.id;
    logger.appendKeys({ eventId, detailType: definition.detailType });
    await run(parsed.data as z.infer<E['detail']>, { eventId, functionName: context.functionName });
  });
