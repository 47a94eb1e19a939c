import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MAX_ATTEMPTS, retryStrategy } from './retry';

/**
 * The document client every repository uses. The endpoint comes from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB variable, which the local runtime sets to DynamoDB Local (or to its
 * HEARTH_CHAOS_DYNAMODB proxy). Contention and throttling are retried here, for every call (./retry.ts).
 */
let client: DynamoDBDocumentClient | undefined;

export const db = (): DynamoDBDocumentClient => {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: MAX_ATTEMPTS, retryStrategy: retryStrategy() }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return client;
};

/** The reason DynamoDB gave for each action of a cancelled transaction, in order. */
export const cancellationCodes = (error: unknown): (string | undefined)[] | undefined => {
  if (typeof error === 'object' && error !== null && (error as { name?: string }).name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.map((reason) => (reason.Code === 'None' ? undefined : reason.Code));
  }
  return undefined;
};

export const isConditionFailure = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: string }).name === 'ConditionalCheckFailedException';

/** Runs a conditional write: true when it was written, false when its condition failed. */
export const conditionally = async (write: Promise<unknown>): Promise<boolean> => {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};
