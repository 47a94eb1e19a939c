import { describe, expect, it } from 'vitest';
import { defaultQuestions, type Answers } from '../../../shared/surveys/model';
import { npsOf, surveyCsv, surveyFileName, surveyResults } from '../../../shared/surveys/results';
import { parseCsv } from '../../support/csv';
import { surveyCounters } from '../web/fixtures';

const questions = defaultQuestions();

describe('NPS', () => {
  it('is the share of promoters (9–10) minus the share of detractors (0–6), rounded, from −100 to 100', () => {
    const counts = (entries: Record<number, number>) => Array.from({ length: 11 }, (_, score) => entries[score] ?? 0);
    expect(npsOf(counts({ 10: 2, 9: 1, 8: 1, 3: 1 }))).toEqual({ score: 40, promoters: 3, passives: 1, detractors: 1 });
    expect(npsOf(counts({ 10: 4 })).score).toBe(100);
    expect(npsOf(counts({ 0: 2, 6: 1 })).score).toBe(-100);
    expect(npsOf(counts({ 7: 3, 8: 2 })).score).toBe(0);
    expect(npsOf(counts({ 9: 1, 7: 1, 6: 1 })).score).toBe(0);
    expect(npsOf(counts({ 9: 2, 5: 1 })).score).toBe(33);
    expect(npsOf(counts({ 9: 1, 5: 2 })).score).toBe(-33);
    expect(npsOf(counts({}))).toEqual({ score: null, promoters: 0, passives: 0, detractors: 0 });
  });
});

describe('results', () => {
  const responses: Answers[] = [
    { supported: 5, safe: 'yes', recommend: 10, better: 'More time.' },
    { supported: 4, safe: 'yes', recommend: 9 },
    { supported: 2, safe: 'no', recommend: 3, better: '=cmd|calc' },
  ];

  it('are hidden below 3 responses: only how many were invited and answered', () => {
    const results = surveyResults({ questions }, surveyCounters(responses.slice(0, 2), 5), []);
    expect(results).toEqual({ invited: 5, responses: 2, responseRate: 40, threshold: 3, shown: false });
  });

  it('show from 3 responses: counts per option and shares, rating average, NPS, free text', () => {
    const results = surveyResults({ questions }, surveyCounters(responses, 4), responses);
    expect(results).toMatchObject({ invited: 4, responses: 3, responseRate: 75, shown: true });
    const [supported, safe, recommend, better] = results.questions!;
    expect(supported).toMatchObject({ type: 'rating', answered: 3, average: 3.7 });
    if (supported!.type !== 'rating') throw new Error('rating');
    expect(supported!.options.map((o) => [o.label, o.count, o.percent])).toEqual([
      ['1 – Not at all supported', 0, 0],
      ['2', 1, 33],
      ['3', 0, 0],
      ['4', 1, 33],
      ['5 – Very supported', 1, 33],
    ]);
    if (safe!.type !== 'choice') throw new Error('choice');
    expect(safe!.options.map((o) => [o.label, o.count, o.percent])).toEqual([
      ['Yes', 2, 67],
      ['Somewhat', 0, 0],
      ['No', 1, 33],
    ]);
    if (recommend!.type !== 'nps') throw new Error('nps');
    expect(recommend!.nps).toEqual({ score: 33, promoters: 2, passives: 0, detractors: 1 });
    expect(recommend!.options).toHaveLength(11);
    expect(recommend!.options[0]!.label).toBe('0 – Not at all likely');
    expect(recommend!.options[10]!.label).toBe('10 – Extremely likely');
    expect(better).toEqual({ id: 'better', type: 'text', text: 'What could be better?', answered: 2, answers: ['More time.', '=cmd|calc'] });
  });

  it('say nothing of a response rate before anyone was invited', () => {
    expect(surveyResults({ questions }, {}, [])).toMatchObject({ invited: 0, responses: 0, responseRate: null, shown: false });
  });
});

describe('the CSV of the answers', () => {
  const responses: Answers[] = [
    { supported: 5, safe: 'yes', recommend: 10, better: 'Line one\nline "two"' },
    { supported: 1, safe: 'no', recommend: 0, better: '=HYPERLINK("http://evil.example","click")' },
    { supported: 3, safe: 'somewhat', recommend: 7 },
    { supported: 3, safe: 'somewhat', recommend: 7, better: '  @SUM(A1)' },
  ];

  it('has one record per response, the questions as header, option labels, and no column about who or when', () => {
    const csv = surveyCsv({ questions }, responses);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual(questions.map((q) => q.text));
    expect(header!.join(' ')).not.toMatch(/email|name|registration|time|date|ip|agent/i);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual(['5', 'Yes', '10', 'Line one\nline "two"']);
    expect(rows[2]).toEqual(['3', 'Somewhat', '7', '']);
  });

  it('neutralises spreadsheet formulas in free text', () => {
    const [, , second, , fourth] = parseCsv(surveyCsv({ questions }, responses).slice(1));
    expect(second![3]).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(fourth![3]).toBe(`'  @SUM(A1)`);
  });

  it('is named by the session’s date in its own zone, never its title', () => {
    expect(surveyFileName('2026-12-02T03:30:00Z', 'America/New_York')).toBe('survey-2026-12-01.csv');
    expect(surveyFileName('2026-12-02T03:30:00Z', 'Europe/Berlin')).toBe('survey-2026-12-02.csv');
  });
});
