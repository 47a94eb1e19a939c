import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { queryPages } from '../db/query';
import { REG_PREFIX, registrationKey } from '../registration/keys';
import type { RegistrationItem } from '../registration/registration-store';

/**
 * The reads of the reminder fan-out, on the registration items of a workshop's partition (keys:
 * shared/registration/keys.ts). Both are strongly consistent: a registrant cancelled a moment ago
 * is not reminded.
 */

/** The ids of a workshop's confirmed registrations, a page at a time (ids only, nothing personal). */
export async function* confirmedRegistrationIds(workshopId: string, pageSize = 100): AsyncGenerator<string[]> {
  const pages = queryPages(
    {
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: '#status = :confirmed',
      ProjectionExpression: 'id',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': `WS#${workshopId}`, ':prefix': REG_PREFIX, ':confirmed': 'confirmed' },
      ConsistentRead: true,
    },
    pageSize,
  );
  for await (const items of pages) yield items.map((item) => String(item.id));
}

const BATCH_GET_MAX = 100;

/**
 * Registrations by id in one BatchGetItem per 100 (a reminder batch is at most 50). Keys DynamoDB
 * leaves unprocessed (throttling) are asked for again, a few times, then the call fails (retried).
 * Missing ids are left out; the order is not kept.
 */
export const getRegistrations = async (workshopId: string, registrationIds: readonly string[]): Promise<RegistrationItem[]> => {
  const found: RegistrationItem[] = [];
  const unique = [...new Set(registrationIds)];
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + BATCH_GET_MAX).map((id) => registrationKey(workshopId, id));
    for (let round = 0; keys.length > 0; round++) {
      if (round === 5) throw new Error('DynamoDB left keys unprocessed; retry');
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const result = await db().send(new BatchGetCommand({ RequestItems: { [config.tableName]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of result.Responses?.[config.tableName] ?? []) {
        const { pk: _pk, sk: _sk, ...rest } = item;
        found.push(rest as unknown as RegistrationItem);
      }
      keys = result.UnprocessedKeys?.[config.tableName]?.Keys ?? [];
    }
  }
  return found;
};
