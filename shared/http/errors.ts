import type * as z from 'zod/mini';

/** A failure the client caused or must hear about: answered with its status, never a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** zod issues as `{ "path.to.field": "message" }`, the first message per field. */
export const fieldErrors = (error: z.core.$ZodError): Record<string, string> => {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'Unknown field';
      continue;
    }
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
};

export const invalid = (error: z.core.$ZodError, message = 'Some fields need attention'): HttpError =>
  new HttpError(400, message, fieldErrors(error));

/** Not a failure: the browser should go elsewhere (e.g. to sign in). Answered with 303 See Other. */
export class HttpRedirect extends HttpError {
  constructor(readonly location: string) {
    super(303, 'See Other');
    this.name = 'HttpRedirect';
  }
}
