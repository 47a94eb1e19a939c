/**
 * What a domain operation answers when it will not do what was asked: a typed refusal, never an
 * HTTP error. The edge maps each kind to a status and a page once (shared/http/refusal.ts).
 * - `invalid`: the input breaks a rule (`fields` says which, with a message each);
 * - `not-found`: it does not exist, or the actor may not know that it does;
 * - `forbidden`: it exists, and this actor may not do this;
 * - `conflict`: the state does not allow it now (cancelled, started, full, already sent);
 * - `gone`: it existed and can no longer be reached (an expired link);
 * - `too-many`: a limit was reached (`retryAfterSeconds` says when to try again).
 */
export type RefusalKind = 'invalid' | 'not-found' | 'forbidden' | 'conflict' | 'gone' | 'too-many';

export interface Refusal {
  ok: false;
  refused: RefusalKind;
  message: string;
  fields?: Record<string, string>;
  retryAfterSeconds?: number;
}

/** A result or a refusal. */
export type Outcome<T> = { ok: true; value: T } | Refusal;

export const done = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const refuse = (refused: RefusalKind, message: string, extra: Pick<Refusal, 'fields' | 'retryAfterSeconds'> = {}): Refusal => ({
  ok: false,
  refused,
  message,
  ...extra,
});

/**
 * A refusal raised from deep inside an operation (a store's failed condition, a check in a helper),
 * caught and answered by the edge like a returned one. Operations prefer returning `Refusal`s;
 * this is for the places where unwinding is the clearer code.
 */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'Refused';
  }
}

/** Throws the refusal as `Refused`. */
export const refused = (kind: RefusalKind, message: string, extra: Pick<Refusal, 'fields' | 'retryAfterSeconds'> = {}): never => {
  throw new Refused(refuse(kind, message, extra));
};

/** The value of an outcome, or its refusal thrown as `Refused`. */
export const orRefuse = <T>(outcome: Outcome<T>): T => {
  if (!outcome.ok) throw new Refused(outcome);
  return outcome.value;
};

/** Runs `operation`, answering a thrown `Refused` as the refusal it carries (anything else is thrown on). */
export const attempt = async <T>(operation: () => Promise<T>): Promise<Outcome<T>> => {
  try {
    return done(await operation());
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
};
