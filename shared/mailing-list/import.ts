import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import * as z from 'zod/mini';
import '../zod-locale';
import { transact } from '../db/transact';
import { EmailAddress, importConsentWording, normalizeEmail, topicSlug, type Subscriber, type Topic } from './model';
import { SubscriberStore } from './subscriber-store';
import { Suppressions } from '../mail/suppression-store';
import { unknownMessage } from './topics';
import { plainLine } from '../kernel/text';

/**
 * Importing a list the organisation already has (`npm run hearth -- subscribers import FILE.csv`).
 *
 * The file: CSV with a header row naming the columns email, consentedAt (required) and displayName,
 * topics (optional), in any order, any case. topics are topic names or slugs separated by ";".
 * A row is refused, with its line number, when it has no consent (consentedAt empty, not a date,
 * or in the future), a bad address or name, an unknown topic, the wrong number of fields, or the
 * address of an earlier row. The rest are imported as CONFIRMED subscribers, the consent recorded
 * as `import` with the date from the file: the organisation's records are the evidence, so there is
 * no confirmation mail. An address already on the list (in any status, including someone who left)
 * is left exactly as it is, so importing the same file twice changes nothing.
 */
export const IMPORT_COLUMNS = ['email', 'displayName', 'topics', 'consentedAt'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['email', 'consentedAt'];

export interface ImportRow {
  /** The line the record starts on (1 is the header). */
  line: number;
  email: string;
  displayName?: string;
  /** Topic slugs. */
  topics: string[];
  /** As an ISO 8601 instant. */
  consentedAt: string;
  /** As written in the file (for the consent wording). */
  consentedAtText: string;
}

export interface Refusal {
  line: number;
  reason: string;
}

export interface ParsedImport {
  rows: ImportRow[];
  refused: Refusal[];
}

/** A problem with the whole file (nothing is imported). */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const instant = z.iso.datetime({ offset: true });

/** consentedAt: a date (YYYY-MM-DD, read as UTC midnight) or an ISO 8601 date and time with an offset. */
export const parseConsentedAt = (value: string, at: Date): { ok: true; iso: string } | { ok: false; reason: string } => {
  const text = value.trim();
  if (text === '') return { ok: false, reason: 'no consent: consentedAt is empty' };
  let time: number;
  const date = DATE.exec(text);
  if (date) {
    time = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    if (new Date(time).toISOString().slice(0, 10) !== text) return { ok: false, reason: `no consent: consentedAt "${text}" is not a date` };
  } else if (instant.safeParse(text).success) {
    time = Date.parse(text);
  } else {
    return { ok: false, reason: `no consent: consentedAt "${text.slice(0, 40)}" is not a date (use YYYY-MM-DD or an ISO 8601 date and time)` };
  }
  if (Number.isNaN(time)) return { ok: false, reason: `no consent: consentedAt "${text.slice(0, 40)}" is not a date` };
  if (time > at.getTime()) return { ok: false, reason: 'no consent: consentedAt is in the future' };
  return { ok: true, iso: new Date(time).toISOString() };
};

const DisplayName = plainLine(80);
const lineBreaks = (value: string) => (value.match(/\n/g) ?? []).length;

const headerOf = (record: string[]): Map<Column, number> => {
  const columns = new Map<Column, number>();
  record.forEach((name, index) => {
    const wanted = IMPORT_COLUMNS.find((column) => column.toLowerCase() === name.trim().toLowerCase());
    if (!wanted) throw new ImportFileError(`Unknown column "${name.trim().slice(0, 40)}" in the header. The columns are: ${IMPORT_COLUMNS.join(', ')}.`);
    if (columns.has(wanted)) throw new ImportFileError(`The column ${wanted} appears twice in the header.`);
    columns.set(wanted, index);
  });
  const missing = REQUIRED.filter((column) => !columns.has(column));
  if (missing.length > 0) throw new ImportFileError(`The header has no ${missing.join(' and no ')} column. The columns are: ${IMPORT_COLUMNS.join(', ')}.`);
  return columns;
};

/**
 * Reads the file: the rows to import and the refused ones, each with its line number. `topics` are
 * the topics that exist. Pure: no I/O.
 */
export const parseImportCsv = (text: string, topics: readonly Topic[], at: Date): ParsedImport => {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse counts a CRLF inside quotes as two lines: one kind of line break keeps the numbers right.
    records = parse(text.replace(/\r\n?/g, '\n'), { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ImportFileError(`The file is not valid CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError('The file is empty: it needs a header row (email, displayName, topics, consentedAt) and one row per person.');
  const columns = headerOf(header.record);
  const known = new Set(topics.map((topic) => topic.slug));
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  const refused: Refusal[] = [];

  for (const { record, info } of body) {
    const line = info.lines - record.reduce((sum, value) => sum + lineBreaks(value), 0);
    const refuse = (reason: string) => refused.push({ line, reason });
    if (record.length !== header.record.length) {
      refuse(`it has ${record.length} fields; the header has ${header.record.length}`);
      continue;
    }
    const cell = (column: Column) => (columns.has(column) ? record[columns.get(column)!]! : '');
    const email = EmailAddress.safeParse(cell('email'));
    if (!email.success) {
      refuse(cell('email').trim() === '' ? 'the email address is empty' : 'the email address is not valid');
      continue;
    }
    const consent = parseConsentedAt(cell('consentedAt'), at);
    if (!consent.ok) {
      refuse(consent.reason);
      continue;
    }
    const nameText = cell('displayName').trim();
    const name = nameText === '' ? undefined : DisplayName.safeParse(nameText);
    if (name && !name.success) {
      refuse(`displayName: ${name.error.issues[0]?.message ?? 'not valid'}`);
      continue;
    }
    const names = cell('topics')
      .split(';')
      .map((topic) => topic.trim())
      .filter(Boolean);
    const unknown = names.filter((topic) => !known.has(topicSlug(topic)));
    if (unknown.length > 0) {
      refuse(unknownMessage(unknown));
      continue;
    }
    const address = normalizeEmail(email.data);
    const earlier = seen.get(address);
    if (earlier !== undefined) {
      refuse(`the same address as line ${earlier}`);
      continue;
    }
    seen.set(address, line);
    rows.push({
      line,
      email: address,
      ...(name?.success ? { displayName: name.data } : {}),
      topics: [...new Set(names.map(topicSlug))],
      consentedAt: consent.iso,
      consentedAtText: cell('consentedAt').trim(),
    });
  }
  return { rows, refused };
};

/** The subscriber an imported row becomes: confirmed, with the consent from the organisation's records. */
export const importedSubscriber = (row: ImportRow, at: Date): Subscriber => ({
  id: randomUUID(),
  email: row.email,
  ...(row.displayName ? { displayName: row.displayName } : {}),
  status: 'confirmed',
  topics: row.topics,
  consent: { at: row.consentedAt, wording: importConsentWording(row.consentedAtText), source: 'import' },
  createdAt: at.toISOString(),
  confirmedAt: at.toISOString(),
  updatedAt: at.toISOString(),
});

export interface ImportOutcome {
  imported: number;
  alreadyThere: number;
  /** Addresses whose owner had everything erased (/my-data): never added back by an import. */
  erased: number;
}

/**
 * Imports the rows, a few at a time: each one transaction (address claim + subscriber) that does
 * nothing when the address is already on the list, or was erased at its owner's request (the
 * suppression list's `erasedAt`). `onProgress(done)` after each row.
 */
export const importRows = async (
  rows: readonly ImportRow[],
  at: Date,
  options: { concurrency?: number; onProgress?: (done: number) => void } = {},
): Promise<ImportOutcome> => {
  const outcome: ImportOutcome = { imported: 0, alreadyThere: 0, erased: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const subscriber = importedSubscriber(row, at);
      const result = await transact([...(await SubscriberStore.create(subscriber)), await Suppressions.notErased(subscriber.email)]);
      if (result.ok) outcome.imported += 1;
      else if (result.failed[0]) outcome.alreadyThere += 1;
      else outcome.erased += 1;
      done += 1;
      options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, rows.length)) }, worker));
  return outcome;
};

/** "[##########··········] 10/20" for a terminal. */
export const progressBar = (done: number, total: number, width = 30): string => {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
};
