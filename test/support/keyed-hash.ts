import { createHmac } from 'node:crypto';
import { deriveKey, KEY_LABELS } from '../../shared/link-secret';

/**
 * What a table key for `email` must be under `secret`, worked out here rather than by the code under
 * test: HMAC-SHA256, under the key derived for addresses, of the trimmed, lower-cased address.
 */
export const emailHashUnder = (secret: string, email: string): string =>
  createHmac('sha256', deriveKey(Buffer.from(secret, 'utf8'), KEY_LABELS.emailHash)).update(email.trim().toLowerCase(), 'utf8').digest('hex');
