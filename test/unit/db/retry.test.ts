import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { backoffMs, isContention, MAX_ATTEMPTS, retryStrategy } from '../../../shared/db/retry';

type ErrorInfo = Parameters<ReturnType<typeof retryStrategy>['refreshRetryTokenForRetry']>[1];
/** What the SDK's retry middleware hands the strategy after a failed attempt. */
const failure = (error: Error, errorType: ErrorInfo['errorType'] = 'CLIENT_ERROR') => ({ errorType, error }) as ErrorInfo;
const cancelled = (...codes: string[]) => ({ name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });


describe('what the DynamoDB client retries', () => {
  it('contention and throttling that applied nothing, never a condition that failed', () => {
    expect(isContention({ name: 'TransactionConflictException' })).toBe(true);
    expect(isContention(cancelled('None', 'TransactionConflict'))).toBe(true);
    expect(isContention(cancelled('ProvisionedThroughputExceeded', 'ThrottlingError', 'None'))).toBe(true);
    expect(isContention(cancelled('ConditionalCheckFailed', 'None'))).toBe(false);
    // A condition that failed is an answer even when another action met contention.
    expect(isContention(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(isContention(cancelled('ValidationError'))).toBe(false);
    expect(isContention(cancelled('None'))).toBe(false);
    expect(isContention({ name: 'ConditionalCheckFailedException' })).toBe(false);
    expect(isContention(undefined)).toBe(false);
  });

  it('waits with full jitter: between 0 and min(2 s, 50 ms × 2^retry)', () => {
    expect([0, 1, 2, 3, 10].map((retry) => backoffMs(retry, () => 0.999999))).toEqual([49, 99, 199, 399, 1999]);
    expect(backoffMs(3, () => 0)).toBe(0);
  });

  it('gives up after MAX_ATTEMPTS attempts, and at once on what it must not retry', async () => {
    const strategy = retryStrategy();
    const conflict = new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });
    let token = await strategy.acquireInitialRetryToken('');
    for (let retry = 1; retry < MAX_ATTEMPTS; retry++) {
      token = await strategy.refreshRetryTokenForRetry(token, failure(conflict));
      expect(token.getRetryCount()).toBe(retry);
    }
    await expect(strategy.refreshRetryTokenForRetry(token, failure(conflict))).rejects.toBe(conflict);

    const fresh = await strategy.acquireInitialRetryToken('');
    const throttled = new ProvisionedThroughputExceededException({ message: 'Throughput exceeds the current capacity', $metadata: {} });
    expect((await strategy.refreshRetryTokenForRetry(fresh, failure(throttled, 'THROTTLING'))).getRetryCount()).toBe(1);
    const failed = new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    await expect(strategy.refreshRetryTokenForRetry(fresh, failure(failed))).rejects.toBe(failed);
    const mixed = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: cancelled('ConditionalCheckFailed', 'TransactionConflict').CancellationReasons,
    });
    await expect(strategy.refreshRetryTokenForRetry(fresh, failure(mixed))).rejects.toBe(mixed);
  });
});
