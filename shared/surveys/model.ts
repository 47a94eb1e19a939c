import * as z from 'zod/mini';
import '../zod-locale';
import { plainLine } from '../kernel/text';

/**
 * The shapes of the feedback-survey capability: a workshop's questions and timing (what organizers
 * send and what is stored), and the answers one person gives (validated against those questions).
 * Pure: no I/O here.
 */

export const QUESTION_TEXT_MAX = 200;
export const OPTION_LABEL_MAX = 80;
export const SCALE_LABEL_MAX = 40;
export const MAX_QUESTIONS = 10;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 8;
/** The longest free-text answer, in characters. */
export const FREE_TEXT_MAX = 2000;
/** The survey goes out at most a week after the end… */
export const DELAY_MAX_MINUTES = 7 * 24 * 60;
/** …and its one reminder at most two weeks after that (links work for 30 days). */
export const REMINDER_MAX_HOURS = 14 * 24;
/** Results and the CSV show only once this many people answered, so nobody can be recognised. */
export const K_THRESHOLD = 3;

export type QuestionType = 'rating' | 'choice' | 'nps' | 'text';

interface QuestionBase {
  /** Stable within the survey: counts and answers are kept under it. */
  id: string;
  text: string;
  required: boolean;
}
export interface RatingQuestion extends QuestionBase {
  type: 'rating';
  /** The scale runs from 1 to max. */
  max: number;
  lowLabel?: string;
  highLabel?: string;
}
export interface ChoiceOption {
  id: string;
  label: string;
}
export interface ChoiceQuestion extends QuestionBase {
  type: 'choice';
  options: ChoiceOption[];
}
export interface NpsQuestion extends QuestionBase {
  type: 'nps';
}
export interface TextQuestion extends QuestionBase {
  type: 'text';
}
export type Question = RatingQuestion | ChoiceQuestion | NpsQuestion | TextQuestion;

export interface SurveyTiming {
  /** Minutes after the workshop's end that the survey goes out. */
  delayMinutes: number;
  /** Hours after the survey that its one reminder goes to those who have not answered; null: none. */
  reminderAfterHours: number | null;
}

export interface Survey extends SurveyTiming {
  questions: Question[];
  /** When an organizer last changed it; absent for the default survey. */
  updatedAt?: string;
}

export const DEFAULT_TIMING: SurveyTiming = { delayMinutes: 60, reminderAfterHours: 72 };

export const defaultQuestions = (): Question[] => [
  { id: 'supported', type: 'rating', text: 'How supported did you feel?', required: true, max: 5, lowLabel: 'Not at all supported', highLabel: 'Very supported' },
  {
    id: 'safe',
    type: 'choice',
    text: 'Did you feel safe and respected?',
    required: true,
    options: [
      { id: 'yes', label: 'Yes' },
      { id: 'somewhat', label: 'Somewhat' },
      { id: 'no', label: 'No' },
    ],
  },
  { id: 'recommend', type: 'nps', text: 'How likely are you to recommend this group to someone like you?', required: true },
  { id: 'better', type: 'text', text: 'What could be better?', required: false },
];

export const defaultSurvey = (): Survey => ({ questions: defaultQuestions(), ...DEFAULT_TIMING });

// ---- What organizers send (organizer API PUT; the console form is read into the same shape)

const Id = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use 1 to 40 lower-case letters, digits and dashes'));
const int = (min: number, max: number, what: string) =>
  z.number().check(z.int('Must be a whole number'), z.gte(min, `At least ${min} ${what}`), z.lte(max, `At most ${max} ${what}`));

const common = {
  id: z.optional(Id),
  text: plainLine(QUESTION_TEXT_MAX),
  /** Default: required, except free text. */
  required: z.optional(z.boolean()),
};

const OptionInput = z.union([plainLine(OPTION_LABEL_MAX), z.strictObject({ id: z.optional(Id), label: plainLine(OPTION_LABEL_MAX) })]);

export const QuestionInput = z.discriminatedUnion('type', [
  z.strictObject({
    ...common,
    type: z.literal('rating'),
    max: z.optional(int(3, 10, 'points')),
    lowLabel: z.optional(plainLine(SCALE_LABEL_MAX)),
    highLabel: z.optional(plainLine(SCALE_LABEL_MAX)),
  }),
  z.strictObject({
    ...common,
    type: z.literal('choice'),
    options: z.array(OptionInput).check(z.minLength(MIN_OPTIONS, `Give at least ${MIN_OPTIONS} options`), z.maxLength(MAX_OPTIONS, `At most ${MAX_OPTIONS} options`)),
  }),
  z.strictObject({ ...common, type: z.literal('nps') }),
  z.strictObject({ ...common, type: z.literal('text') }),
], { error: 'Each question needs a type: rating, choice, nps or text' });
export type QuestionInput = z.infer<typeof QuestionInput>;

export const SurveyInput = z.strictObject({
  questions: z.array(QuestionInput).check(z.minLength(1, 'Ask at least one question'), z.maxLength(MAX_QUESTIONS, `At most ${MAX_QUESTIONS} questions`)),
  /** Absent: kept as it is. */
  delayMinutes: z.optional(int(0, DELAY_MAX_MINUTES, 'minutes')),
  /** Absent: kept as it is; null: no reminder. */
  reminderAfterHours: z.optional(z.nullable(int(1, REMINDER_MAX_HOURS, 'hours'))),
});
export type SurveyInput = z.infer<typeof SurveyInput>;

export type Normalized<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const freshId = (prefix: string, taken: Set<string>) => {
  for (let n = 1; ; n++) {
    const id = `${prefix}${n}`;
    if (!taken.has(id)) return id;
  }
};

/**
 * Questions as stored: every question and option gets an id (given ones are kept; an option whose
 * label the previous version had keeps that option's id), ids and option labels must be unique.
 * Errors are keyed by path, like zod's (`questions.1.options`).
 */
export const normalizeQuestions = (inputs: readonly QuestionInput[], previous: readonly Question[] = []): Normalized<Question[]> => {
  const errors: Record<string, string> = {};
  const given = new Set<string>();
  inputs.forEach((input, index) => {
    if (!input.id) return;
    if (given.has(input.id)) errors[`questions.${index}.id`] ??= 'This id is used by another question';
    given.add(input.id);
  });
  const taken = new Set(given);
  const questions = inputs.map((input, index): Question => {
    const id = input.id ?? freshId('q', taken);
    taken.add(id);
    const required = input.required ?? input.type !== 'text';
    const base = { id, text: input.text, required };
    switch (input.type) {
      case 'rating':
        return {
          ...base,
          type: 'rating',
          max: input.max ?? 5,
          ...(input.lowLabel ? { lowLabel: input.lowLabel } : {}),
          ...(input.highLabel ? { highLabel: input.highLabel } : {}),
        };
      case 'choice': {
        const before = previous.find((question): question is ChoiceQuestion => question.id === id && question.type === 'choice');
        const entries = input.options.map((option) => (typeof option === 'string' ? { label: option } : option));
        const optionIds = new Set<string>();
        const labels = new Set<string>();
        entries.forEach((entry) => {
          if (!entry.id) return;
          if (optionIds.has(entry.id)) errors[`questions.${index}.options`] ??= 'Two options have the same id';
          optionIds.add(entry.id);
        });
        const options = entries.map((entry) => {
          const label = entry.label;
          if (labels.has(label.toLowerCase())) errors[`questions.${index}.options`] ??= `“${label}” is there twice`;
          labels.add(label.toLowerCase());
          const kept = entry.id ?? before?.options.find((option) => option.label === label && !optionIds.has(option.id))?.id;
          const optionId = kept ?? freshId('o', optionIds);
          optionIds.add(optionId);
          return { id: optionId, label };
        });
        return { ...base, type: 'choice', options };
      }
      case 'nps':
        return { ...base, type: 'nps' };
      case 'text':
        return { ...base, type: 'text' };
    }
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value: questions };
};

// ---- What one person answers

/** The form field of a question's answer (also the id of its first control). */
export const answerField = (questionId: string) => `q-${questionId}`;

/** A stored answer: a number for ratings and NPS, an option id for a choice, the words for free text. */
export type Answers = Record<string, string | number>;

export const ratingRange = (question: Question): { min: number; max: number } | undefined =>
  question.type === 'rating' ? { min: 1, max: question.max } : question.type === 'nps' ? { min: 0, max: 10 } : undefined;

const wholeNumberIn = (min: number, max: number) => (value: string) => /^\d{1,2}$/.test(value) && Number(value) >= min && Number(value) <= max;

const answerSchema = (question: Question): z.ZodMiniType<string | number | undefined> => {
  let schema: z.ZodMiniType<string | number>;
  const range = ratingRange(question);
  if (range) {
    const message = `Choose a number from ${range.min} to ${range.max}`;
    schema = z.pipe(z.string(message).check(z.refine(wholeNumberIn(range.min, range.max), message)), z.transform(Number));
  } else if (question.type === 'choice') {
    const ids = new Set(question.options.map((option) => option.id));
    schema = z.string('Choose one of the options').check(z.refine((value) => ids.has(value), 'Choose one of the options'));
  } else {
    schema = z.string('Write an answer').check(
      z.refine((value) => value.length <= FREE_TEXT_MAX, {
        error: (issue) => `At most ${FREE_TEXT_MAX} characters; this answer has ${typeof issue.input === 'string' ? issue.input.length : 0}`,
      }),
      z.refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'Must not contain control characters'),
    );
  }
  return question.required ? schema : z.optional(schema);
};

/** Form values as the schema reads them: an empty or blank answer is no answer. Free text is kept as typed (trimmed). */
const presentValues = (questions: readonly Question[], form: Record<string, string | undefined>) => {
  const values: Record<string, string> = {};
  for (const question of questions) {
    const raw = form[answerField(question.id)];
    if (raw === undefined) continue;
    const value = raw.trim();
    if (value !== '') values[answerField(question.id)] = question.type === 'text' ? raw.replace(/\r\n?/g, '\n').trim() : value;
  }
  return values;
};

export type AnswerOutcome = { ok: true; answers: Answers } | { ok: false; errors: Record<string, string> };

/**
 * One person's answers, checked against the survey's questions: a required answer is present, a
 * rating or NPS is a whole number in range, a choice is one of the options, free text is at most
 * FREE_TEXT_MAX characters without control characters. Unknown fields are ignored. Errors are keyed
 * by form field (`q-<questionId>`), answers by question id.
 */
export const readAnswers = (questions: readonly Question[], form: Record<string, string | undefined>): AnswerOutcome => {
  const schema = z.object(Object.fromEntries(questions.map((question) => [answerField(question.id), answerSchema(question)])));
  const parsed = schema.safeParse(presentValues(questions, form));
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '_');
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const answers: Answers = {};
  for (const question of questions) {
    const value = parsed.data[answerField(question.id)];
    if (value !== undefined && value !== '') answers[question.id] = value;
  }
  return { ok: true, answers };
};
