import * as z from 'zod/mini';
import '../../zod-locale';
import { fieldErrors } from '../../kernel/fields';

/** What reading a form gave: the parsed value, or one message per field (by the form's names). */
export type FormReading<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * A form body (`formBody(event)`, field name to value) read with a zod schema: the parsed value, or
 * the schema's issues as one message per field (`fieldErrors`, the JSON API's 400 keys: `a.b` for a
 * nested path, `_` for the body as a whole). A form re-renders itself with these next to its fields.
 */
export const readForm = <Schema extends z.core.$ZodType>(schema: Schema, form: Readonly<Record<string, unknown>>): FormReading<z.output<Schema>> => {
  const parsed = z.safeParse(schema, form);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
};
