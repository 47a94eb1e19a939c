import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { cancellationCodes, db } from './client';
import { isPassingReason } from './retry';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type TransactOutcome = { ok: true } | { ok: false; failed: boolean[] };

/**
 * Runs one DynamoDB transaction. A condition failure is an answer, not an error: the outcome says
 * which actions' conditions failed, in order, even when another action met contention at the same
 * time. Contention and throttling alone have already been retried by the client (./retry.ts): what
 * is left of them, like any other reason, is an error.
 */
export const transact = async (items: TransactItem[]): Promise<TransactOutcome> => {
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return { ok: true };
  } catch (error) {
    const codes = cancellationCodes(error);
    const answered =
      codes?.includes('ConditionalCheckFailed') === true && codes.every((code) => !code || code === 'ConditionalCheckFailed' || isPassingReason(code));
    if (!codes || !answered) throw error;
    return { ok: false, failed: codes.map((code) => code === 'ConditionalCheckFailed') };
  }
};
