import * as z from 'zod/mini';
import '../zod-locale';

/** Email as compared for duplicates and used in keys: trimmed and lower-cased. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const LIKE = 'Enter an email address like name@example.org';

/**
 * An address as a form or the API sends it: trimmed, at most 254 characters, shaped like an
 * address. `notText` is the message when the value is not a string at all (zod's own otherwise).
 */
export const emailAddress = (notText?: string) =>
  z.pipe((notText ? z.string(notText) : z.string()).check(z.trim(), z.maxLength(254, 'At most 254 characters')), z.email(LIKE));
