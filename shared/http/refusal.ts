import { Refused, type Refusal, type RefusalKind } from '../kernel/refusal';

/** The one mapping of refusals to HTTP statuses. */
export const STATUS_OF: Record<RefusalKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-many': 429,
};

export const statusOf = (refusal: Pick<Refusal, 'refused'>): number => STATUS_OF[refusal.refused];

/**
 * Whether a console page should show the refusal next to the form the organizer used (a rule, a
 * conflict, a missing permission) rather than as an error page (not found, gone).
 */
export const shownOnForm = (refusal: Pick<Refusal, 'refused'>): boolean => refusal.refused !== 'not-found' && refusal.refused !== 'gone';

/**
 * A refusal as a console form shows it: its message above the form, its fields' messages next to
 * them, and its status. Any other refusal (not found, gone) is thrown on to the edge's error page.
 */
export const onForm = (refusal: Refusal): { formError: string; errors?: Record<string, string>; status: number } => {
  if (!shownOnForm(refusal)) throw new Refused(refusal);
  return { formError: refusal.message, ...(refusal.fields ? { errors: refusal.fields } : {}), status: statusOf(refusal) };
};
