import { createHmac, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import './zod-locale';
import { config } from './config';

/**
 * Signed link tokens: base64url(JSON payload) + "." + base64url(HMAC-SHA256). The payload names a
 * purpose and an expiry; it never holds an email address or a name. The secret lives in Secrets
 * Manager (locally: the runtime answers GetSecretValue with a secret kept in its data folder).
 */
let secret: Promise<Buffer> | undefined;

const linkSecret = (): Promise<Buffer> => {
  secret ??= new SecretsManagerClient({ maxAttempts: 5 })
    .send(new GetSecretValueCommand({ SecretId: config.linkSecretArn }))
    .then((result) => {
      if (!result.SecretString) throw new Error('The link secret is empty');
      return Buffer.from(result.SecretString, 'utf8');
    })
    .catch((error) => {
      secret = undefined;
      throw error;
    });
  return secret;
};

const payloadSchema = z.catchall(z.object({ p: z.string(), e: z.number().check(z.int()) }), z.unknown());

/** Why a token cannot be used: it cannot be read (cut short, altered, another purpose), or it is too old. */
export type TokenProblem = 'invalid' | 'expired';

export type TokenResult<T> = { ok: true; value: T } | { ok: false; reason: TokenProblem };

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest();

/** Pure signing with a given key (the link secret in production). */
export const signWith = (key: Buffer, purpose: string, data: Record<string, string>, expiresAt: Date): string => {
  const body = Buffer.from(JSON.stringify({ p: purpose, e: Math.floor(expiresAt.getTime() / 1000), ...data })).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
};

/** Pure verification with a given key: signature (constant time), purpose, expiry, then data shape. */
export const verifyWith = <T extends z.ZodMiniType>(
  key: Buffer,
  token: string | undefined,
  purpose: string,
  data: T,
  at: Date,
): TokenResult<z.infer<T>> => {
  if (!token || token.length > 1024) return { ok: false, reason: 'invalid' };
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = mac(key, body);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const header = payloadSchema.safeParse(payload);
  if (!header.success || header.data.p !== purpose) return { ok: false, reason: 'invalid' };
  if (header.data.e * 1000 < at.getTime()) return { ok: false, reason: 'expired' };
  const parsed = data.safeParse(payload);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'invalid' };
};

export const signToken = async (purpose: string, data: Record<string, string>, expiresAt: Date): Promise<string> =>
  signWith(await linkSecret(), purpose, data, expiresAt);

export const verifyToken = async <T extends z.ZodMiniType>(
  token: string | undefined,
  purpose: string,
  data: T,
  at: Date,
): Promise<TokenResult<z.infer<T>>> => verifyWith(await linkSecret(), token, purpose, data, at);

/**
 * A value derived from the link secret and a label, e.g. a sign-in token from its event id: the same
 * event always yields the same token, so a redelivered event cannot mint a second working link.
 */
export const deriveFromSecret = async (label: string): Promise<string> => mac(await linkSecret(), label).toString('base64url');
