import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * The retry strategy of Hearth's one DynamoDB client, so every call (every conditional write,
 * transaction and ADD counter included) is retried in one place rather than at each call site.
 *
 * Retried, with full jitter (a random wait between 0 and min(cap, base × 2^retry)), at most
 * MAX_ATTEMPTS attempts in all:
 * - what the SDK itself classifies as throttling or transient: ProvisionedThroughputExceeded,
 *   ThrottlingException, RequestLimitExceeded, 5xx, timeouts and dropped connections;
 * - contention, which the SDK does not retry: TransactionConflictException (a single-item write
 *   that met an ongoing transaction), and a TransactionCanceledException whose reasons are only
 *   contention or throttling (TransactionConflict, ProvisionedThroughputExceeded, ThrottlingError)
 *   beside None.
 * Each of those answers means DynamoDB did not apply the request (a transaction is all or nothing),
 * so sending it again applies it at most once, even an `ADD` counter. A cancellation with any other
 * reason, ConditionalCheckFailed above all, and a ConditionalCheckFailedException are answers, not
 * failures: they go straight back to the caller. docs/decisions.md, "Contention and throttling".
 */
type RetryStrategy = Extract<NonNullable<DynamoDBClientConfig['retryStrategy']>, { refreshRetryTokenForRetry: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategy['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<RetryStrategy['refreshRetryTokenForRetry']>[1];

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 50;
const MAX_DELAY_MS = 2_000;

/** Cancellation reasons that mean the transaction did not run for a passing cause. */
const PASSING_REASONS = new Set(['TransactionConflict', 'ProvisionedThroughputExceeded', 'ThrottlingError']);

export const isPassingReason = (code: string): boolean => PASSING_REASONS.has(code);

/** Whether `error` is contention or throttling that DynamoDB answered without applying anything. */
export const isContention = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { name, CancellationReasons } = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  if (name === 'TransactionConflictException') return true;
  if (name !== 'TransactionCanceledException' || !CancellationReasons) return false;
  const codes = CancellationReasons.map((reason) => reason.Code ?? 'None').filter((code) => code !== 'None');
  return codes.length > 0 && codes.every(isPassingReason);
};

/** Full jitter: a random wait between 0 and min(cap, base × 2^retry) milliseconds. */
export const backoffMs = (retry: number, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry));

const token = (retries: number, delay: number): RetryToken => ({ getRetryCount: () => retries, getRetryDelay: () => delay });

export const retryStrategy = (maxAttempts = MAX_ATTEMPTS, random: () => number = Math.random): RetryStrategy => ({
  acquireInitialRetryToken: async () => token(0, 0),
  refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
    const retryable = info.errorType === 'THROTTLING' || info.errorType === 'TRANSIENT' || isContention(info.error);
    const retries = previous.getRetryCount() + 1;
    // The SDK answers the caller with the error of the last attempt when this throws.
    if (!retryable || retries >= maxAttempts) throw info.error ?? new Error('Not retried');
    return token(retries, backoffMs(retries - 1, random));
  },
  recordSuccess: () => undefined,
});
