import type { RosterEntry } from './model';

/**
 * The roster as organizers see it in the console and download it: the roster entries with their
 * check-in, in one order (confirmed by registration time, the waitlist by position, cancelled by
 * registration time), and the CSV writer. Pure functions: no I/O here.
 *
 * CSV: RFC 4180 (every field quoted, quotes doubled, CRLF between records), UTF-8 with a byte
 * order mark so spreadsheet programs read accents right. Spreadsheet formula injection is
 * neutralised: a cell that a spreadsheet would read as a formula (starting with = + - @, a tab or
 * a carriage return, also after leading spaces or as the full-width forms) gets a leading
 * apostrophe, which spreadsheets show as text and do not evaluate.
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

/** Cells a spreadsheet would evaluate: = + - @ (also full-width, also after spaces), tab, CR. */
const FORMULA_START = /^(?:[\t\r]|[ \u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

/** A cell as text a spreadsheet will not evaluate. */
export const neutraliseFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** One field: formula-neutralised, then quoted per RFC 4180 (quotes doubled). */
export const csvCell = (value: string | number | boolean | null | undefined): string =>
  `"${neutraliseFormula(value === null || value === undefined ? '' : String(value)).replace(/"/g, '""')}"`;

export const csvRecord = (cells: readonly (string | number | boolean | null | undefined)[]): string => cells.map(csvCell).join(',');

export const ROSTER_CSV_COLUMNS = ['status', 'position', 'display name', 'email', 'accessibility needs', 'registered at', 'attended'] as const;

/** A whole CSV file of these records: UTF-8 byte order mark (spreadsheets read the encoding), CRLF after each record. */
export const csvFile = (records: readonly string[]): string => `\ufeff${records.map((record) => `${record}\r\n`).join('')}`;

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
