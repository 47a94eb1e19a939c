import { csvFile, csvRecord } from '../kernel/csv';
import type { RosterEntry } from './model';

/**
 * The roster as organizers see it in the console and download it: the roster entries with their
 * check-in, in one order (confirmed by registration time, the waitlist by position, cancelled by
 * registration time), and as a CSV file (../kernel/csv.ts). Pure functions: no I/O here.
 */
/** A roster line with its check-in (the roster itself carries `attended`). */
export type RosterRow = RosterEntry;

const statusRank = { confirmed: 0, waitlisted: 1, cancelled: 2 } as const;

/** Confirmed (by registration time), then the waitlist (by position), then cancelled. */
export const rosterOrder = (rows: readonly RosterRow[]): RosterRow[] =>
  [...rows].sort(
    (a, b) =>
      statusRank[a.status] - statusRank[b.status] ||
      (a.status === 'waitlisted' ? (a.waitlistPosition ?? Infinity) - (b.waitlistPosition ?? Infinity) : 0) ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );

export const ROSTER_CSV_COLUMNS = ['status', 'position', 'display name', 'email', 'accessibility needs', 'registered at', 'attended'] as const;

/** The whole file: header, then one record per registration in roster order. */
export const rosterCsv = (rows: readonly RosterRow[]): string =>
  csvFile([
    csvRecord(ROSTER_CSV_COLUMNS),
    ...rosterOrder(rows).map((row) =>
      csvRecord([
        row.status,
        row.status === 'waitlisted' ? row.waitlistPosition : null,
        row.displayName,
        row.email,
        row.accessibilityNeeds,
        row.createdAt,
        row.attended ? 'yes' : 'no',
      ]),
    ),
  ]);

/**
 * `roster-<yyyy-mm-dd>.csv`, the session's date in its own time zone. Never the title: file names
 * show in download lists and shared folders.
 */
export const rosterFileName = (startsAt: string, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(startsAt));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `roster-${part('year')}-${part('month')}-${part('day')}.csv`;
};
