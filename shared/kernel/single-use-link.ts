import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { lifetime } from './lifetime';

/**
 * Single-use links sent by mail (an organizer's sign-in, a person's /my-data link): one item per
 * link under the SHA-256 of its token (the token itself is never stored), holding the address it
 * was sent to, valid for `ttlMs`, used once by a conditional write.
 */
export type Redemption = { ok: true; email: string } | { ok: false; reason: 'used' | 'expired' | 'invalid' };
export type LinkState = 'valid' | 'used' | 'expired' | 'invalid';

type IndexKeys = { gsi1pk: string; gsi1sk: string };

/**
 * `indexOf`, when given, puts each link in an index partition of its address (a keyed hash), so
 * that every link of an address can be found and deleted when the address is erased.
 */
export const singleUseLinks = (keyOf: (token: string) => { pk: string; sk: string }, ttlMs: number, indexOf?: (email: string, at: Date) => Promise<IndexKeys>) => ({
  /** Stores a link for `email`; idempotent for the same token (a redelivered event). */
  async create(token: string, email: string, at: Date): Promise<void> {
    try {
      await db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...keyOf(token), ...(indexOf ? await indexOf(email, at) : {}), email, ...lifetime(at, ttlMs) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  /** The address of a link that is still valid and unused, without using it (the mail consumer). */
  async addressOf(token: string, at: Date): Promise<string | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: keyOf(token), ConsistentRead: true }));
    const item = result.Item;
    return item && !item.usedAt && Number(item.validUntil) > at.getTime() ? String(item.email) : undefined;
  },

  /** Uses the link once: a conditional write, so two presses of the button cannot both use it. */
  async redeem(token: string, at: Date): Promise<Redemption> {
    try {
      const result = await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: keyOf(token),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND validUntil > :now',
          ExpressionAttributeValues: { ':at': at.toISOString(), ':now': at.getTime() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { ok: true, email: String(result.Attributes?.email) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const state = await this.check(token, at);
      return { ok: false, reason: state === 'valid' ? 'invalid' : state };
    }
  },

  /** What a link is now, without using it (the page with the button). */
  async check(token: string, at: Date): Promise<LinkState> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: keyOf(token), ConsistentRead: true }));
    if (!result.Item) return 'invalid';
    if (result.Item.usedAt) return 'used';
    return Number(result.Item.validUntil) > at.getTime() ? 'valid' : 'expired';
  },
});
