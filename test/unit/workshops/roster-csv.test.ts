import { describe, expect, it } from 'vitest';
import { ROSTER_CSV_COLUMNS, rosterCsv, rosterFileName, rosterOrder, type RosterRow } from '../../../shared/workshops/roster-csv';
import { parseCsv } from '../../support/csv';
import { csvCell, neutraliseFormula } from '../../../shared/kernel/csv';

const row = (overrides: Partial<RosterRow> = {}): RosterRow => ({
  id: 'r1',
  email: 'kim@example.org',
  displayName: 'Kim',
  status: 'confirmed',
  waitlistPosition: null,
  accessibilityNeeds: null,
  createdAt: '2026-11-02T10:00:00.000Z',
  attended: false,
  ...overrides,
});

const body = (csv: string) => {
  expect(csv.startsWith('\ufeff')).toBe(true);
  return parseCsv(csv.slice(1));
};

describe('csvCell', () => {
  it('quotes every field and doubles quotes (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(3)).toBe('"3"');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")'],
    ['+1+1'],
    ['-2+3'],
    ['@SUM(A1)'],
    ['\t=1'],
    ['\r=1'],
    ['  =1+1'],
    ['\uff1d1+1'],
  ])('neutralises the formula-looking cell %j with a leading apostrophe', (value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
    expect(csvCell(value).startsWith(`"'`)).toBe(true);
  });

  it.each([['Kim'], ['a=b'], ['1-2'], ['kim@example.org'], [''], ["'already"]])('leaves %j as it is', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });
});

describe('rosterCsv', () => {
  it('has a BOM, the header, CRLF after every record, and no bare line breaks', () => {
    const csv = rosterCsv([row()]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const records = body(csv);
    expect(records[0]).toEqual([...ROSTER_CSV_COLUMNS]);
    expect(records[0]).toEqual(['status', 'position', 'display name', 'email', 'accessibility needs', 'registered at', 'attended']);
    expect(records[1]).toEqual(['confirmed', '', 'Kim', 'kim@example.org', '', '2026-11-02T10:00:00.000Z', 'no']);
  });

  it('orders confirmed, then the waitlist by position, then cancelled; positions only for the waitlist', () => {
    const rows = [
      row({ id: 'c1', status: 'cancelled', displayName: 'Gone', createdAt: '2026-11-01T00:00:00.000Z' }),
      row({ id: 'w2', status: 'waitlisted', waitlistPosition: 2, displayName: 'Second', createdAt: '2026-11-03T00:00:00.000Z' }),
      row({ id: 'a2', displayName: 'Later', createdAt: '2026-11-02T12:00:00.000Z', attended: true }),
      row({ id: 'w1', status: 'waitlisted', waitlistPosition: 1, displayName: 'First', createdAt: '2026-11-04T00:00:00.000Z' }),
      row({ id: 'a1', displayName: 'Earlier', createdAt: '2026-11-02T09:00:00.000Z' }),
    ];
    const records = body(rosterCsv(rows)).slice(1);
    expect(records.map((r) => [r[0], r[1], r[2], r[6]])).toEqual([
      ['confirmed', '', 'Earlier', 'no'],
      ['confirmed', '', 'Later', 'yes'],
      ['waitlisted', '1', 'First', 'no'],
      ['waitlisted', '2', 'Second', 'no'],
      ['cancelled', '', 'Gone', 'no'],
    ]);
    expect(rosterOrder(rows).map((r) => r.id)).toEqual(['a1', 'a2', 'w1', 'w2', 'c1']);
  });

  it('round-trips hostile values: quotes, commas, line breaks, formulas, accents', () => {
    const hostile = row({
      displayName: '=cmd|\' /C calc\'!A0',
      email: 'o"brien,@example.org',
      accessibilityNeeds: 'Step-free access,\r\n"quiet room"\n- captions\n=1+1',
    });
    const records = body(rosterCsv([hostile, row({ id: 'r2', displayName: 'Zoë Ødegård', createdAt: '2026-11-03T00:00:00.000Z' })]));
    expect(records).toHaveLength(3);
    expect(records[1]![2]).toBe("'=cmd|' /C calc'!A0");
    expect(records[1]![3]).toBe('o"brien,@example.org');
    // Only the start of a cell is what a spreadsheet evaluates.
    expect(records[1]![4]).toBe('Step-free access,\r\n"quiet room"\n- captions\n=1+1');
    expect(records[2]![2]).toBe('Zoë Ødegård');
    for (const record of records) expect(record).toHaveLength(7);
  });

  it('an empty roster is the header alone', () => {
    expect(body(rosterCsv([]))).toEqual([[...ROSTER_CSV_COLUMNS]]);
  });
});


describe('rosterFileName', () => {
  it('is roster-<date>.csv with the session date in its own time zone, never the title', () => {
    expect(rosterFileName('2026-12-01T18:00:00-05:00', 'America/New_York')).toBe('roster-2026-12-01.csv');
    // 22:30 in New York is already the next day in UTC.
    expect(rosterFileName('2026-12-02T03:30:00Z', 'America/New_York')).toBe('roster-2026-12-01.csv');
    expect(rosterFileName('2026-12-02T03:30:00Z', 'Europe/Berlin')).toBe('roster-2026-12-02.csv');
    expect(rosterFileName('2026-03-05T12:00:00Z', 'UTC')).toMatch(/^roster-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
