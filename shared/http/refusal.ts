import type { Refusal, RefusalKind } from '../kernel/refusal';

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
