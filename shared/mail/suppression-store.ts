import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../db/transact';
import { config } from '../config';
import { db } from '../db/client';
import { batchGetAll } from '../db/batch';
import { emailHash } from '../kernel/email-hash';
import { normalizeEmail } from '../kernel/email';

/**
 * Addresses that bounced or complained (keys: ./ledger-store.ts), and addresses erased at their
 * owner's request (`erasedAt`). Stored as keyed hashes (../kernel/email-hash.ts). A bounce or a
 * complaint (`reason`) stops every mail; an erasure alone stops only a list import from adding the
 * address back: the person may still register or join the list of their own wish, and get mail.
 */
export type SuppressionReason = 'bounce' | 'complaint';

const key = async (email: string) => ({ pk: `SUPPRESS#${await emailHash(email)}`, sk: 'SUPPRESS' });

export const Suppressions = {
  async add(email: string, reason: SuppressionReason, at: Date): Promise<void> {
    // Idempotent: a repeated bounce or complaint rewrites the same item.
    await db().send(new PutCommand({ TableName: config.tableName, Item: { ...(await key(email)), reason, at: at.toISOString() } }));
  },

  /** The suppressed ones among `emails` (normalised address → reason), one batch read. */
  async findMany(emails: readonly string[]): Promise<Map<string, SuppressionReason>> {
    const byHash = new Map(await Promise.all(emails.map(async (email) => [(await key(email)).pk, email] as const)));
    const items = await batchGetAll([...byHash.keys()].map((pk) => ({ pk, sk: 'SUPPRESS' })));
    return new Map(items.filter((item) => item.reason).map((item) => [normalizeEmail(byHash.get(String(item.pk))!), item.reason as SuppressionReason]));
  },

  /** The address was erased at its owner's request: keeps a bounce or complaint as it was (`erasedAt` only). Safe to repeat. */
  async markErased(email: string, at: Date): Promise<void> {
    await db().send(
      new UpdateCommand({ TableName: config.tableName, Key: await key(email), UpdateExpression: 'SET erasedAt = if_not_exists(erasedAt, :at)', ExpressionAttributeValues: { ':at': at.toISOString() } }),
    );
  },

  /** In a transaction (a list import): the address was not erased at its owner's request. */
  async notErased(email: string): Promise<TransactItem> {
    return { ConditionCheck: { TableName: config.tableName, Key: await key(email), ConditionExpression: 'attribute_not_exists(erasedAt)' } };
  },

  async find(email: string): Promise<SuppressionReason | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: await key(email), ConsistentRead: true }));
    return result.Item?.reason as SuppressionReason | undefined;
  },
};
