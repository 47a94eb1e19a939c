import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { listByIndex } from '../db/query';

/**
 * Organizer API keys. Only the SHA-256 of a key is stored; the key itself is shown once.
 *
 * | item    | pk                    | sk     | gsi1pk | gsi1sk            |
 * |---------|-----------------------|--------|--------|-------------------|
 * | API key | APIKEY#<sha256(key)>  | APIKEY | APIKEY | <createdAt>#<id>  |
 */
export type Role = 'admin' | 'organizer';

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt?: string;
}

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const key = (secret: string) => ({ pk: `APIKEY#${hash(secret)}`, sk: 'APIKEY' });

export const ApiKeys = {
  async create(name: string, role: Role, at: Date): Promise<{ apiKey: ApiKey; secret: string }> {
    const secret = `hearth_${randomBytes(32).toString('base64url')}`;
    const apiKey: ApiKey = { id: randomUUID(), name, role, createdAt: at.toISOString() };
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...key(secret), gsi1pk: 'APIKEY', gsi1sk: `${apiKey.createdAt}#${apiKey.id}`, ...apiKey },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { apiKey, secret };
  },

  /** The key's record if it exists and is not revoked. */
  async authenticate(secret: string): Promise<ApiKey | undefined> {
    if (!/^hearth_[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: key(secret) }));
    const item = result.Item as (ApiKey & { pk: string }) | undefined;
    if (!item || item.revokedAt) return undefined;
    return { id: item.id, name: item.name, role: item.role, createdAt: item.createdAt };
  },

  async list(): Promise<ApiKey[]> {
    const items = await listByIndex('APIKEY');
    return (items as unknown as ApiKey[]).map((item) => ({
      id: item.id,
      name: item.name,
      role: item.role,
      createdAt: item.createdAt,
      ...(item.revokedAt ? { revokedAt: item.revokedAt } : {}),
    }));
  },

  /** Revokes by id; answers false if no such key. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const [item] = await listByIndex('APIKEY', { expression: '#id = :id', names: { '#id': 'id' }, values: { ':id': id } });
    if (!item) return false;
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET revokedAt = :at',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
    return true;
  },
};
