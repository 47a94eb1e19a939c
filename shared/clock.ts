/**
 * The one clock every component reads. On AWS it is the system clock. The local runtime may move it
 * forward (see infra/local) so time-driven flows can be tested without waiting; it installs its
 * offset here, in the same process as the handlers.
 */
let offsetMs = 0;

export const now = (): Date => new Date(Date.now() + offsetMs);

export const nowIso = (): string => now().toISOString();

/** Local runtime only: move the clock so that now() answers `to`. Never backwards. */
export const setLocalClock = (to: Date): void => {
  const next = to.getTime() - Date.now();
  if (to.getTime() < now().getTime()) throw new RangeError('The clock only moves forward');
  offsetMs = next;
};
