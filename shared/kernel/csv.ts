/**
 * CSV files people open in spreadsheets: RFC 4180 (every field quoted, quotes doubled, CRLF between
 * records), UTF-8 with a byte order mark so spreadsheet programs read accents right. Spreadsheet
 * formula injection is neutralised: a cell that a spreadsheet would read as a formula (starting
 * with = + - @, a tab or a carriage return, also after leading spaces or as the full-width forms)
 * gets a leading apostrophe, which spreadsheets show as text and do not evaluate. Pure functions.
 */
/** Cells a spreadsheet would evaluate: = + - @ (also full-width, also after spaces), tab, CR. */
const FORMULA_START = /^(?:[\t\r]|[ \u00a0]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

/** A cell as text a spreadsheet will not evaluate. */
export const neutraliseFormula = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** One field: formula-neutralised, then quoted per RFC 4180 (quotes doubled). */
export const csvCell = (value: string | number | boolean | null | undefined): string =>
  `"${neutraliseFormula(value === null || value === undefined ? '' : String(value)).replace(/"/g, '""')}"`;

export const csvRecord = (cells: readonly (string | number | boolean | null | undefined)[]): string => cells.map(csvCell).join(',');

/** A whole CSV file of these records: UTF-8 byte order mark (spreadsheets read the encoding), CRLF after each record. */
export const csvFile = (records: readonly string[]): string => `\ufeff${records.map((record) => `${record}\r\n`).join('')}`;
