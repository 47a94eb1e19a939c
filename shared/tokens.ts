import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import './zod-locale';
import { KEY_LABELS, linkKey } from './link-secret';

/**
 * Link tokens, opaque: base64url(version ‖ IV ‖ AES-256-GCM(payload) ‖ tag). The payload is compact
 * JSON of an expiry and the ids it was given (never an address or a name); the purpose is bound as
 * additional authenticated data, so a token made for one purpose does not open under another. A
 * random 12-byte IV per token: two tokens for the same data differ, and decoding one shows nothing.
 * The key is derived from the link secret (./link-secret.ts) for this use alone.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Tokens travel in URLs; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 1024;

const payloadSchema = z.catchall(z.object({ e: z.number().check(z.int()) }), z.unknown());

/** Why a token cannot be used: it cannot be read (cut short, altered, another purpose), or it is too old. */
export type TokenProblem = 'invalid' | 'expired';

export type TokenResult<T> = { ok: true; value: T } | { ok: false; reason: TokenProblem };

const additionalData = (purpose: string) => Buffer.from(`${VERSION}:${purpose}`, 'utf8');

const seal = (key: Buffer, purpose: string, plaintext: Buffer): string => {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(purpose));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, body, cipher.getAuthTag()]).toString('base64url');
};

/** The plaintext of a token made with `key` for `purpose`, or undefined for anything else. */
const open = (key: Buffer, token: string, purpose: string): Buffer | undefined => {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  // One spelling per token: base64url leaves a few bits over in the last character.
  if (raw.length <= 1 + IV_BYTES + TAG_BYTES || raw[0] !== VERSION || raw.toString('base64url') !== token) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 1 + IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(purpose));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
};

const make = (key: Buffer, purpose: string, data: Record<string, string>, expiresAt: Date): string =>
  seal(key, purpose, Buffer.from(JSON.stringify({ e: Math.floor(expiresAt.getTime() / 1000), ...data }), 'utf8'));

/** Authenticity and purpose (AES-GCM), then expiry, then the data's shape. */
const read = <T extends z.ZodMiniType>(key: Buffer, token: string | undefined, purpose: string, data: T, at: Date): TokenResult<z.infer<T>> => {
  const plaintext = token ? open(key, token, purpose) : undefined;
  if (!plaintext) return { ok: false, reason: 'invalid' };
  let payload: unknown;
  try {
    payload = JSON.parse(plaintext.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const header = payloadSchema.safeParse(payload);
  if (!header.success) return { ok: false, reason: 'invalid' };
  if (header.data.e * 1000 < at.getTime()) return { ok: false, reason: 'expired' };
  const parsed = data.safeParse(payload);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'invalid' };
};

export const signToken = async (purpose: string, data: Record<string, string>, expiresAt: Date): Promise<string> =>
  make(await linkKey(KEY_LABELS.tokens), purpose, data, expiresAt);

export const verifyToken = async <T extends z.ZodMiniType>(
  token: string | undefined,
  purpose: string,
  data: T,
  at: Date,
): Promise<TokenResult<z.infer<T>>> => read(await linkKey(KEY_LABELS.tokens), token, purpose, data, at);

/**
 * A value derived from the link secret and a label, e.g. a sign-in token from its event id: the same
 * event always yields the same token, so a redelivered event cannot mint a second working link.
 */
export const deriveFromSecret = async (label: string): Promise<string> =>
  createHmac('sha256', await linkKey(KEY_LABELS.derived)).update(label).digest('base64url');
