import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { listByIndex } from '../db/query';
import { logger } from '../log';

/**
 * Organizer API keys. Only the SHA-256 of a key is stored; the key itself is shown once.
 *
 * | item    | pk                    | sk     | gsi1pk | gsi1sk            |
 * |---------|-----------------------|--------|--------|-------------------|
 * | API key | APIKEY#<sha256(key)>  | APIKEY | APIKEY | <createdAt>#<id>  |
 *
 * A key has scopes (what it may do), an expiry and the last time it was used. Keys stored before
 * scopes existed have only a role; they get that role's scopes (scopesOfRole). Keys stored before
 * expiry existed have none and do not expire (the console marks them so an admin replaces them).
 */
export type Role = 'admin' | 'organizer';

export const SCOPES = ['read', 'workshops', 'campaigns', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** What `--role` (and a stored key without scopes) stands for. */
export const scopesOfRole = (role: Role): Scope[] => (role === 'admin' ? ['admin'] : ['read', 'workshops', 'campaigns']);

/** A key's role, for display and for older readers: admin when it has the admin scope. */
export const roleOfScopes = (scopes: readonly Scope[]): Role => (scopes.includes('admin') ? 'admin' : 'organizer');

export const DEFAULT_EXPIRY_DAYS = 90;
export const MAX_EXPIRY_DAYS = 3650;

/** The last-used time is written at most this often per key (one conditional write). */
const LAST_USED_EVERY_MS = 60_000;

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  scopes: Scope[];
  createdAt: string;
  /** Absent only on keys stored before expiry existed. */
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export type Authentication = { ok: true; apiKey: ApiKey } | { ok: false; reason: 'unknown' | 'revoked' | 'expired'; expiresAt?: string };

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const key = (secret: string) => ({ pk: `APIKEY#${hash(secret)}`, sk: 'APIKEY' });

const isScope = (value: unknown): value is Scope => (SCOPES as readonly unknown[]).includes(value);

const strip = (item: Record<string, unknown>): ApiKey => {
  const role = item.role === 'admin' ? 'admin' : 'organizer';
  const stored = Array.isArray(item.scopes) ? item.scopes.filter(isScope) : [];
  return {
    id: String(item.id),
    name: String(item.name),
    role,
    scopes: stored.length ? stored : scopesOfRole(role),
    createdAt: String(item.createdAt),
    ...(typeof item.expiresAt === 'string' ? { expiresAt: item.expiresAt } : {}),
    ...(typeof item.lastUsedAt === 'string' ? { lastUsedAt: item.lastUsedAt } : {}),
    ...(typeof item.revokedAt === 'string' ? { revokedAt: item.revokedAt } : {}),
  };
};

export const isExpired = (apiKey: Pick<ApiKey, 'expiresAt'>, at: Date) => apiKey.expiresAt !== undefined && Date.parse(apiKey.expiresAt) <= at.getTime();

export interface NewApiKey {
  name: string;
  scopes: readonly Scope[];
  /** Days from `at`; DEFAULT_EXPIRY_DAYS unless given. */
  expiresInDays?: number;
}

export const ApiKeys = {
  async create(input: NewApiKey, at: Date): Promise<{ apiKey: ApiKey; secret: string }> {
    const secret = `hearth_${randomBytes(32).toString('base64url')}`;
    const scopes = SCOPES.filter((scope) => input.scopes.includes(scope));
    const apiKey: ApiKey = {
      id: randomUUID(),
      name: input.name,
      role: roleOfScopes(scopes),
      scopes,
      createdAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + (input.expiresInDays ?? DEFAULT_EXPIRY_DAYS) * 24 * 3600 * 1000).toISOString(),
    };
    await db().send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...key(secret), gsi1pk: 'APIKEY', gsi1sk: `${apiKey.createdAt}#${apiKey.id}`, ...apiKey },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { apiKey, secret };
  },

  /**
   * The key's record if it exists, is not revoked and has not expired; else why not. Notes the
   * last use (at most once a minute; a failure to note it never fails the request).
   */
  async authenticate(secret: string, at: Date): Promise<Authentication> {
    if (!/^hearth_[A-Za-z0-9_-]{43}$/.test(secret)) return { ok: false, reason: 'unknown' };
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: key(secret) }));
    if (!result.Item) return { ok: false, reason: 'unknown' };
    const apiKey = strip(result.Item);
    if (apiKey.revokedAt) return { ok: false, reason: 'revoked' };
    if (isExpired(apiKey, at)) return { ok: false, reason: 'expired', expiresAt: apiKey.expiresAt! };
    if (!apiKey.lastUsedAt || Date.parse(apiKey.lastUsedAt) <= at.getTime() - LAST_USED_EVERY_MS) await noteUse(secret, apiKey.id, at);
    return { ok: true, apiKey };
  },

  async list(): Promise<ApiKey[]> {
    return (await listByIndex('APIKEY')).map(strip);
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

/** One conditional write: only when the stored time is older than a minute, so busy keys write rarely. */
const noteUse = async (secret: string, id: string, at: Date) => {
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: key(secret),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt <= :cutoff)',
        ExpressionAttributeValues: { ':at': at.toISOString(), ':cutoff': new Date(at.getTime() - LAST_USED_EVERY_MS).toISOString() },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) logger.warn('could not note an API key’s last use', { apiKeyId: id, error: String((error as Error)?.name ?? error) });
  }
};
