import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { batchGetAll } from '../db/batch';
import { emailHash } from '../kernel/email-hash';
import { normalizeEmail } from '../kernel/email';

/** Addresses that bounced or complained (keys: ./ledger-store.ts). Stored as keyed hashes (../email-hash.ts). */
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
    return new Map(items.map((item) => [normalizeEmail(byHash.get(String(item.pk))!), item.reason as SuppressionReason]));
  },

  async find(email: string): Promise<SuppressionReason | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: await key(email), ConsistentRead: true }));
    return result.Item?.reason as SuppressionReason | undefined;
  },
};
