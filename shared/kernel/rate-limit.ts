import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { keyedHash } from './email-hash';

/**
 * `RATE#<scope>#<hmac(scope, key)>#<window>` / `RATE`: the key is a keyed hash of the scope and the
 * key together, never the address or client itself, and never the keyed hash an address has
 * elsewhere (its claims, its suppression): an erased address leaves no counter that matches them.
 */
const rateKey = async (scope: string, key: string, window: number) => ({ pk: `RATE#${scope}#${await keyedHash(`${scope}\n${key}`)}#${window}`, sk: 'RATE' });

/**
 * Fixed-window counters in the table: one atomic ADD per request, the item expires with its window.
 * Answers whether this request is still within `limit` for the window.
 */
export const withinLimit = async (scope: string, key: string, limit: number, windowMs: number, at: Date): Promise<boolean> => {
  const window = Math.floor(at.getTime() / windowMs);
  const result = await db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: await rateKey(scope, key, window),
      UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':expires': Math.floor(((window + 1) * windowMs) / 1000) + 3600 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.count) <= limit;
};
