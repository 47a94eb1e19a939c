import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from './client';

/**
 * Batch reads and deletes in Hearth's table with DynamoDB's limits handled once: 100 keys per
 * BatchGetItem, 25 per BatchWriteItem, and what DynamoDB leaves unprocessed (throttling) asked for
 * again with backoff a few times, then an error (the caller's retry takes over).
 */
const GET_MAX = 100;
const WRITE_MAX = 25;
const ROUNDS = 6;

const backoff = (round: number) => new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));

type Key = Record<string, unknown>;

/** Every item of `keys` that exists, strongly consistent; the order is not kept. */
export const batchGetAll = async (keys: readonly Key[]): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += GET_MAX) {
    let pending: Key[] = keys.slice(start, start + GET_MAX);
    for (let round = 0; pending.length > 0; round++) {
      if (round === ROUNDS) throw new Error('DynamoDB left keys unprocessed; retry');
      if (round > 0) await backoff(round);
      const result = await db().send(new BatchGetCommand({ RequestItems: { [config.tableName]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...(result.Responses?.[config.tableName] ?? []));
      pending = (result.UnprocessedKeys?.[config.tableName]?.Keys ?? []) as Key[];
    }
  }
  return found;
};

/** Deletes every item of `keys` (`{ pk, sk }`); deleting one that is not there is no error. */
export const batchDeleteAll = async (keys: readonly Key[]): Promise<void> => {
  for (let start = 0; start < keys.length; start += WRITE_MAX) {
    let pending = keys.slice(start, start + WRITE_MAX).map((key) => ({ DeleteRequest: { Key: key } }));
    for (let round = 0; pending.length > 0; round++) {
      if (round === ROUNDS) throw new Error('DynamoDB left deletes unprocessed; retry');
      if (round > 0) await backoff(round);
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [config.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[config.tableName] ?? []) as typeof pending;
    }
  }
};
