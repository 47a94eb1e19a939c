import { answeredCounter, valueCounter } from './keys';
import { K_THRESHOLD, type Answers, type Question, type Survey } from './model';
import type { Counters } from './survey-store';
import { csvFile, csvRecord } from '../kernel/csv';

/**
 * A survey's results as organizers see them, from the counters kept per answer (never by counting
 * responses) and, for free text and the CSV, the responses themselves. Nothing of it is shown before
 * K_THRESHOLD people answered. Pure functions: no I/O here.
 */
export interface OptionResult {
  /** The stored value: an option id, or the number as text. */
  value: string;
  label: string;
  count: number;
  /** Of the answers to this question, rounded. */
  percent: number;
}

export interface Nps {
  /** Promoters minus detractors, in per cent of the answers, −100..100; null without answers. */
  score: number | null;
  /** 9–10 */
  promoters: number;
  /** 7–8 */
  passives: number;
  /** 0–6 */
  detractors: number;
}

interface Base {
  id: string;
  text: string;
  /** How many answered this question. */
  answered: number;
}
export type QuestionResult =
  | (Base & { type: 'rating'; options: OptionResult[]; average: number | null })
  | (Base & { type: 'choice'; options: OptionResult[] })
  | (Base & { type: 'nps'; options: OptionResult[]; nps: Nps })
  | (Base & { type: 'text'; answers: string[] });

export interface SurveyResults {
  invited: number;
  responses: number;
  /** Responses per invitation in per cent, rounded; null before anyone was invited. */
  responseRate: number | null;
  threshold: number;
  /** False below the threshold: then `questions` is left out. */
  shown: boolean;
  questions?: QuestionResult[];
}

export const percentOf = (count: number, total: number): number => (total > 0 ? Math.round((count / total) * 100) : 0);

/** NPS from the counts of 0..10 (index = score). */
export const npsOf = (counts: readonly number[]): Nps => {
  const at = (score: number) => counts[score] ?? 0;
  const promoters = at(9) + at(10);
  const passives = at(7) + at(8);
  let detractors = 0;
  for (let score = 0; score <= 6; score++) detractors += at(score);
  const total = promoters + passives + detractors;
  return { score: total > 0 ? Math.round(((promoters - detractors) / total) * 100) : null, promoters, passives, detractors };
};

/** What a scale point is called: "1 – Not at all supported", "3", "10 – Extremely likely". */
export const scaleLabel = (question: Question, point: number): string => {
  if (question.type === 'nps') return point === 0 ? '0 – Not at all likely' : point === 10 ? '10 – Extremely likely' : String(point);
  if (question.type !== 'rating') return String(point);
  if (point === 1 && question.lowLabel) return `1 – ${question.lowLabel}`;
  if (point === question.max && question.highLabel) return `${point} – ${question.highLabel}`;
  return String(point);
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const options = (question: Question, counters: Counters, answered: number): OptionResult[] => {
  const values: { value: string; label: string }[] =
    question.type === 'choice'
      ? question.options.map((option) => ({ value: option.id, label: option.label }))
      : question.type === 'rating'
        ? range(1, question.max).map((point) => ({ value: String(point), label: scaleLabel(question, point) }))
        : question.type === 'nps'
          ? range(0, 10).map((point) => ({ value: String(point), label: scaleLabel(question, point) }))
          : [];
  return values.map(({ value, label }) => {
    const count = counters[valueCounter(question.id, value)] ?? 0;
    return { value, label, count, percent: percentOf(count, answered) };
  });
};

export const questionResult = (question: Question, counters: Counters, responses: readonly Answers[]): QuestionResult => {
  const answered = counters[answeredCounter(question.id)] ?? 0;
  const base = { id: question.id, text: question.text, answered };
  switch (question.type) {
    case 'rating': {
      const opts = options(question, counters, answered);
      const sum = opts.reduce((total, option) => total + Number(option.value) * option.count, 0);
      return { ...base, type: 'rating', options: opts, average: answered > 0 ? Math.round((sum / answered) * 10) / 10 : null };
    }
    case 'choice':
      return { ...base, type: 'choice', options: options(question, counters, answered) };
    case 'nps': {
      const opts = options(question, counters, answered);
      return { ...base, type: 'nps', options: opts, nps: npsOf(opts.map((option) => option.count)) };
    }
    case 'text':
      return {
        ...base,
        type: 'text',
        answers: responses.map((response) => response[question.id]).filter((answer): answer is string => typeof answer === 'string' && answer.trim() !== ''),
      };
  }
};

/** `responses` is read only when the results are shown (free text); pass [] otherwise. */
export const surveyResults = (survey: Pick<Survey, 'questions'>, counters: Counters, responses: readonly Answers[]): SurveyResults => {
  const invited = counters.invited ?? 0;
  const answered = counters.responses ?? 0;
  const shown = answered >= K_THRESHOLD;
  return {
    invited,
    responses: answered,
    responseRate: invited > 0 ? percentOf(answered, invited) : null,
    threshold: K_THRESHOLD,
    shown,
    ...(shown ? { questions: survey.questions.map((question) => questionResult(question, counters, responses)) } : {}),
  };
};

/** Whether the results need the responses read (free text). */
export const needsResponses = (survey: Pick<Survey, 'questions'>) => survey.questions.some((question) => question.type === 'text');

/** An answer as a person reads it: an option's label, a number, the words. */
const cellOf = (question: Question, answer: string | number | undefined): string | number | null => {
  if (answer === undefined) return null;
  if (question.type === 'choice') return question.options.find((option) => option.id === answer)?.label ?? String(answer);
  return answer;
};

/**
 * The answers as CSV: a header of the questions, then one record per response, in the order of the
 * responses' random ids. No column says who or when. RFC 4180 with the roster's formula
 * neutralisation (roster-csv.ts): free text starting with = + - @ cannot run in a spreadsheet.
 */
export const surveyCsv = (survey: Pick<Survey, 'questions'>, responses: readonly Answers[]): string =>
  csvFile([csvRecord(survey.questions.map((question) => question.text)), ...responses.map((response) => csvRecord(survey.questions.map((question) => cellOf(question, response[question.id]))))]);

/** `survey-<yyyy-mm-dd>.csv`, the session's date in its own zone; never the title. */
export const surveyFileName = (startsAt: string, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(startsAt));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `survey-${part('year')}-${part('month')}-${part('day')}.csv`;
};
