import type * as z from 'zod/mini';
import { fieldErrors } from '../kernel/fields';

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

export const invalid = (error: z.core.$ZodError, message = 'Some fields need attention'): HttpError =>
  new HttpError(400, message, fieldErrors(error));

/** Not a failure: the browser should go elsewhere (e.g. to sign in). Answered with 303 See Other. */
export class HttpRedirect extends HttpError {
  constructor(readonly location: string) {
    super(303, 'See Other');
    this.name = 'HttpRedirect';
  }
}
