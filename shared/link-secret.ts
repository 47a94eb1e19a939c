import { hkdfSync } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from './config';

/**
 * The link secret and the keys derived from it. The secret lives in Secrets Manager (locally: the
 * runtime answers GetSecretValue with a secret kept in its data folder) and is read once per
 * process. Nothing uses it directly: each use has its own 256-bit key, derived with HKDF-SHA256
 * under its own label, so what one key is used for says nothing about another.
 */
export const KEY_LABELS = {
  /** AES-256-GCM encryption of link tokens (shared/tokens.ts). */
  tokens: 'hearth link tokens aes-256-gcm v1',
  /** HMAC-SHA256 of addresses (and clients) used as keys in the table (shared/kernel/email-hash.ts). */
  emailHash: 'hearth email hash hmac-sha256 v1',
  /** Values derived from an event, e.g. a sign-in token from its event id (shared/tokens.ts). */
  derived: 'hearth derived values hmac-sha256 v1',
} as const;

export type KeyLabel = (typeof KEY_LABELS)[keyof typeof KEY_LABELS];

/** Pure derivation: the key for `label` from a given secret. */
export const deriveKey = (secret: Buffer, label: KeyLabel): Buffer => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), label, 32));

/** Its error when the secret is empty; also how the template test finds a bundle that reads the secret. */
export const EMPTY_SECRET = 'The link secret is empty';

let secret: Promise<Buffer> | undefined;
const keys = new Map<KeyLabel, Promise<Buffer>>();

const linkSecret = (): Promise<Buffer> => {
  secret ??= new SecretsManagerClient({ maxAttempts: 5 })
    .send(new GetSecretValueCommand({ SecretId: config.linkSecretArn }))
    .then((result) => {
      if (!result.SecretString) throw new Error(EMPTY_SECRET);
      return Buffer.from(result.SecretString, 'utf8');
    })
    .catch((error) => {
      secret = undefined;
      keys.clear();
      throw error;
    });
  return secret;
};

/** The key for `label`, derived from the link secret once per process. */
export const linkKey = (label: KeyLabel): Promise<Buffer> => {
  let key = keys.get(label);
  if (!key) {
    key = linkSecret().then((value) => deriveKey(value, label));
    keys.set(label, key);
  }
  return key;
};

/**
 * For a process that holds the secret itself instead of asking Secrets Manager: the CLI against the
 * local runtime reads it from the runtime's data folder.
 */
export const useLinkSecret = (value: string): void => {
  if (!value) throw new Error('No link secret given');
  secret = Promise.resolve(Buffer.from(value, 'utf8'));
  keys.clear();
};
