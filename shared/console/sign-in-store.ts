import { PutCommand, UpdateCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { signInKey } from './keys';
import { lifetime } from './lifetime';

/** Single-use sign-in links (keys: ./keys.ts). Only the token's hash is stored. */
export const SIGN_IN_TTL_MS = 15 * 60 * 1000;

export type Redemption = { ok: true; email: string } | { ok: false; reason: 'used' | 'expired' | 'invalid' };

export const SignInLinks = {
  /** Stores a link for `email`; idempotent for the same token (a redelivered event). */
  async create(token: string, email: string, at: Date): Promise<void> {
    try {
      await db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: {
            ...signInKey(token),
            email,
            ...lifetime(at, SIGN_IN_TTL_MS),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },

  /** Uses the link once: a conditional write, so two presses of the button cannot both sign in. */
  async redeem(token: string, at: Date): Promise<Redemption> {
    try {
      const result = await db().send(
        new UpdateCommand({
          TableName: config.tableName,
          Key: signInKey(token),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND validUntil > :now',
          ExpressionAttributeValues: { ':at': at.toISOString(), ':now': at.getTime() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { ok: true, email: String(result.Attributes?.email) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { ok: false, reason: await this.whyNot(token, at) };
    }
  },

  /** What a link is now, without using it (the confirmation page). */
  async check(token: string, at: Date): Promise<'valid' | 'used' | 'expired' | 'invalid'> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: signInKey(token), ConsistentRead: true }));
    if (!result.Item) return 'invalid';
    if (result.Item.usedAt) return 'used';
    return Number(result.Item.validUntil) > at.getTime() ? 'valid' : 'expired';
  },

  async whyNot(token: string, at: Date): Promise<'used' | 'expired' | 'invalid'> {
    const state = await this.check(token, at);
    return state === 'valid' ? 'invalid' : state;
  },
};
