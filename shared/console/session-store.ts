import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { sessionKey } from './keys';
import { lifetime } from '../kernel/lifetime';

/** Console sessions, revocable on the server (keys: ./keys.ts). Only the session id's hash is stored. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

export interface Session {
  email: string;
  csrf: string;
  createdAt: string;
  validUntil: number;
  revokedAt?: string;
}

export const Sessions = {
  async create(sessionId: string, email: string, csrf: string, at: Date): Promise<void> {
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: {
          ...sessionKey(sessionId),
          email,
          csrf,
          createdAt: at.toISOString(),
          ...lifetime(at, SESSION_TTL_MS),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  /** A live session: present, not revoked, not past its 12 hours. */
  async find(sessionId: string, at: Date): Promise<Session | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: sessionKey(sessionId), ConsistentRead: true }));
    const item = result.Item as (Session & Record<string, unknown>) | undefined;
    if (!item || item.revokedAt || Number(item.validUntil) <= at.getTime()) return undefined;
    return { email: item.email, csrf: item.csrf, createdAt: item.createdAt, validUntil: Number(item.validUntil) };
  },

  async revoke(sessionId: string, at: Date): Promise<void> {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: sessionKey(sessionId),
        UpdateExpression: 'SET revokedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    ).catch(() => undefined);
  },
};
