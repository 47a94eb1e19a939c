import { describe, expect, it } from 'vitest';
import { SUBSCRIBER_CSV_COLUMNS, subscribersCsv } from '../../../shared/mailing-list/csv';
import { ImportFileError, importedSubscriber, parseConsentedAt, parseImportCsv, progressBar } from '../../../shared/mailing-list/import';
import type { Subscriber, Topic } from '../../../shared/mailing-list/model';
import { parseCsv } from '../../support/csv';

const at = new Date('2026-06-01T12:00:00Z');
const topics: Topic[] = [
  { slug: 'funding', name: 'Funding', createdAt: '2026-01-01T00:00:00Z' },
  { slug: 'events', name: 'Events', createdAt: '2026-01-01T00:00:00Z' },
];
const parse = (lines: string[], eol = '\n') => parseImportCsv(lines.join(eol) + eol, topics, at);

describe('reading an import file', () => {
  it('reads rows with their line numbers, in any column order and header case, with a BOM and CRLF', () => {
    const { rows, refused } = parseImportCsv(
      '\ufeffConsentedAt,EMAIL,topics,displayName\r\n2024-03-01,Ana@Example.org,funding; Events ,Ana\r\n\r\n2024-03-02T10:00:00+02:00,ben@example.org,,\r\n',
      topics,
      at,
    );
    expect(refused).toEqual([]);
    expect(rows).toEqual([
      { line: 2, email: 'ana@example.org', displayName: 'Ana', topics: ['funding', 'events'], consentedAt: '2024-03-01T00:00:00.000Z', consentedAtText: '2024-03-01' },
      { line: 4, email: 'ben@example.org', topics: [], consentedAt: '2024-03-02T08:00:00.000Z', consentedAtText: '2024-03-02T10:00:00+02:00' },
    ]);
  });

  it('refuses rows without consent, with bad addresses, names or topics, and repeated addresses, each with its line', () => {
    const { rows, refused } = parse([
      'email,displayName,topics,consentedAt',
      'ok@example.org,,,2024-01-01',
      'empty@example.org,,,',
      'spaces@example.org,,,   ',
      'nodate@example.org,,,yesterday',
      'baddate@example.org,,,2024-02-30',
      'future@example.org,,,2026-06-02',
      ',,,2024-01-01',
      'not-an-address,,,2024-01-01',
      'name@example.org,<b>Bo</b>,,2024-01-01',
      'topic@example.org,,funding;gardening;knitting,2024-01-01',
      'OK@example.org,,,2024-01-01',
      'short@example.org,2024-01-01',
      '"quoted@example.org","Line',
      'break",,2024-01-01',
      'last@example.org,,events,2024-01-01',
    ]);
    expect(refused).toEqual([
      { line: 3, reason: 'no consent: consentedAt is empty' },
      { line: 4, reason: 'no consent: consentedAt is empty' },
      { line: 5, reason: 'no consent: consentedAt "yesterday" is not a date (use YYYY-MM-DD or an ISO 8601 date and time)' },
      { line: 6, reason: 'no consent: consentedAt "2024-02-30" is not a date' },
      { line: 7, reason: 'no consent: consentedAt is in the future' },
      { line: 8, reason: 'the email address is empty' },
      { line: 9, reason: 'the email address is not valid' },
      { line: 10, reason: 'displayName: Must not contain < or >' },
      { line: 11, reason: 'Unknown topics: gardening, knitting' },
      { line: 12, reason: 'the same address as line 2' },
      { line: 13, reason: 'it has 2 fields; the header has 4' },
      { line: 14, reason: 'displayName: Must be on one line without control characters' },
    ]);
    expect(rows.map((row) => [row.line, row.email])).toEqual([
      [2, 'ok@example.org'],
      [16, 'last@example.org'],
    ]);
  });

  it('refuses the whole file when it cannot be a list: empty, unknown or missing columns, broken CSV', () => {
    const fails = (text: string) => {
      try {
        parseImportCsv(text, topics, at);
      } catch (error) {
        expect(error).toBeInstanceOf(ImportFileError);
        return (error as Error).message;
      }
      throw new Error('expected a file error');
    };
    expect(fails('')).toMatch(/^The file is empty/);
    expect(fails('email,phone,consentedAt\n')).toBe('Unknown column "phone" in the header. The columns are: email, displayName, topics, consentedAt.');
    expect(fails('email,displayName\n')).toBe('The header has no consentedAt column. The columns are: email, displayName, topics, consentedAt.');
    expect(fails('email,Email,consentedAt\n')).toBe('The column email appears twice in the header.');
    expect(fails('email,consentedAt\n"a@example.org,2024-01-01\n')).toMatch(/^The file is not valid CSV/);
  });

  it('reads consent dates strictly: a real date or an ISO 8601 instant with an offset, not after now', () => {
    expect(parseConsentedAt('2024-02-29', at)).toEqual({ ok: true, iso: '2024-02-29T00:00:00.000Z' });
    expect(parseConsentedAt('2026-06-01T11:59:00Z', at)).toEqual({ ok: true, iso: '2026-06-01T11:59:00.000Z' });
    expect(parseConsentedAt('2023-02-29', at).ok).toBe(false);
    expect(parseConsentedAt('2024-03-01T10:00:00', at).ok).toBe(false);
    expect(parseConsentedAt('01/03/2024', at).ok).toBe(false);
    expect(parseConsentedAt('2026-06-01T12:01:00Z', at)).toEqual({ ok: false, reason: 'no consent: consentedAt is in the future' });
  });

  it('makes a confirmed subscriber whose consent names the import and the date from the file', () => {
    const [row] = parse(['email,consentedAt', 'a@example.org,2024-01-05']).rows;
    expect(importedSubscriber(row!, at)).toEqual({
      id: expect.any(String),
      email: 'a@example.org',
      status: 'confirmed',
      topics: [],
      consent: { at: '2024-01-05T00:00:00.000Z', wording: "Imported: consent given 2024-01-05 per the organisation's records", source: 'import' },
      createdAt: at.toISOString(),
      confirmedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    });
  });

  it('draws a progress bar', () => {
    expect(progressBar(0, 4, 8)).toBe('[--------] 0/4');
    expect(progressBar(2, 4, 8)).toBe('[####----] 2/4');
    expect(progressBar(4, 4, 8)).toBe('[########] 4/4');
    expect(progressBar(0, 0, 8)).toBe('[########] 0/0');
  });
});

describe('the subscribers CSV export', () => {
  const subscriber = (overrides: Partial<Subscriber>): Subscriber => ({
    id: 's1',
    email: 'a@example.org',
    status: 'confirmed',
    topics: ['funding', 'events'],
    consent: { at: '2024-01-05T00:00:00.000Z', wording: 'I want to get advocacy mailings', source: 'form' },
    createdAt: '2024-01-05T00:00:00.000Z',
    confirmedAt: '2024-01-05T00:10:00.000Z',
    updatedAt: '2024-01-05T00:10:00.000Z',
    ...overrides,
  });

  it('is RFC 4180 with a BOM, the import’s columns first, and no cell a spreadsheet would evaluate', () => {
    const text = subscribersCsv([subscriber({ displayName: '=HYPERLINK("http://evil.example","x")' }), subscriber({ email: 'b@example.org', displayName: '@SUM(1)', topics: [] })]);
    expect(text.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([...SUBSCRIBER_CSV_COLUMNS]);
    expect(rows[0]).toEqual([
      'a@example.org',
      `'=HYPERLINK("http://evil.example","x")`,
      'funding;events',
      '2024-01-05T00:00:00.000Z',
      'confirmed',
      'form',
      'I want to get advocacy mailings',
      '2024-01-05T00:00:00.000Z',
      '2024-01-05T00:10:00.000Z',
      '',
    ]);
    expect(rows[1]![1]).toBe("'@SUM(1)");
    expect(rows[1]![2]).toBe('');
  });

  it('reads back as an import file', () => {
    const text = subscribersCsv([subscriber({ displayName: 'Ana' })]);
    const { rows, refused } = parseImportCsv(
      text.replace(/"([^"]*)"/g, '$1').split('\r\n').map((line) => line.split(',').slice(0, 4).join(',')).join('\n'),
      topics,
      at,
    );
    expect(refused).toEqual([]);
    expect(rows).toMatchObject([{ email: 'a@example.org', displayName: 'Ana', topics: ['funding', 'events'], consentedAt: '2024-01-05T00:00:00.000Z' }]);
  });
});
