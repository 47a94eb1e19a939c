import { createHmac } from 'node:crypto';
import { KEY_LABELS, linkKey } from '../link-secret';
import { normalizeEmail } from './email';

/**
 * Addresses used as keys in the table (the one-seat-per-address claim, suppressions, the mailing
 * list's and the organizers' claims) and the keys of rate limits appear only as HMAC-SHA256 under a
 * key derived from the link secret (./link-secret.ts), never as a plain hash: someone holding a copy
 * of the table, without the secret, cannot confirm an address by hashing guesses.
 */
const hmacHex = (key: Buffer, value: string): string => createHmac('sha256', key).update(value, 'utf8').digest('hex');

/** The keyed hash of any value that names someone (an address, a client), as it is. */
export const keyedHash = async (value: string): Promise<string> => hmacHex(await linkKey(KEY_LABELS.emailHash), value);

/** The keyed hash of an address, normalised first (trimmed, lower-cased). */
export const emailHash = (email: string): Promise<string> => keyedHash(normalizeEmail(email));
