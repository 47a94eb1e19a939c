import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { cancellationCodes, db } from './client';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type TransactOutcome = { ok: true } | { ok: false; failed: boolean[] };

/**
 * Runs one DynamoDB transaction. A condition failure is an answer, not an error: the outcome says
 * which actions' conditions failed, in order. Real DynamoDB also cancels on contention
 * (TransactionConflict); those are retried here with jitter, a bounded number of times.
 */
export const transact = async (items: TransactItem[], attempts = 6): Promise<TransactOutcome> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes.some((code) => code === 'TransactionConflict') && attempt < attempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
        continue;
      }
      if (codes.some((code) => code && code !== 'ConditionalCheckFailed')) throw error;
      return { ok: false, failed: codes.map((code) => code === 'ConditionalCheckFailed') };
    }
  }
};
