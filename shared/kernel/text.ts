import * as z from 'zod/mini';
import '../zod-locale';

/** Plain text on one line: no control characters (CR/LF), no markup. Trimmed (the parsed value too). */
export const plainLine = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1, 'Required'),
    z.maxLength(max, `At most ${max} characters`),
    z.refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'Must be on one line without control characters'),
    z.refine((value) => !/[<>]/.test(value), 'Must not contain < or >'),
  );

/** Plain text over lines (what people write): trimmed, no control characters but tab and newlines. */
export const plainText = (max: number) =>
  z.string().check(
    z.trim(),
    z.maxLength(max, `At most ${max} characters`),
    z.refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'Must not contain control characters'),
  );

/** The most a display name may be: the one optional thing Hearth asks besides an address. */
export const DISPLAY_NAME_MAX = 80;

/** An optional display name, on one line (a first name or a nickname). */
export const displayName = () => z.optional(plainLine(DISPLAY_NAME_MAX));
