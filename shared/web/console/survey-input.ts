import { MAX_QUESTIONS, DELAY_MAX_MINUTES, REMINDER_MAX_HOURS, type Survey } from '../../surveys/model';

/**
 * Reading the console's survey form (survey-edit.tsx shows it): one group of fields per question,
 * `q{slot}-{name}`, and the timing. The form is read into the organizer API's shape (SurveyInput),
 * so both are checked by the same rules; schema paths map back to the form's fields.
 */

export type SurveyFormValues = Record<string, string>;

/** Empty groups offered for new questions, within MAX_QUESTIONS. */
export const NEW_SLOTS = 2;

/** A question group's field: `q{slot}-{name}`. */
export const slotField = (slot: number, name: string) => `q${slot}-${name}`;

/** The form's values for a survey as it is, plus empty groups for new questions. */
export const surveyFormValues = (survey: Survey): SurveyFormValues => {
  const values: SurveyFormValues = {
    delayMinutes: String(survey.delayMinutes),
    reminder: survey.reminderAfterHours === null ? '' : 'on',
    reminderAfterHours: String(survey.reminderAfterHours ?? 72),
  };
  survey.questions.forEach((question, slot) => {
    values[slotField(slot, 'id')] = question.id;
    values[slotField(slot, 'text')] = question.text;
    values[slotField(slot, 'type')] = question.type;
    values[slotField(slot, 'required')] = question.required ? 'on' : '';
    if (question.type === 'choice') values[slotField(slot, 'options')] = question.options.map((option) => option.label).join('\n');
    if (question.type === 'rating') {
      values[slotField(slot, 'max')] = String(question.max);
      if (question.lowLabel) values[slotField(slot, 'lowLabel')] = question.lowLabel;
      if (question.highLabel) values[slotField(slot, 'highLabel')] = question.highLabel;
    }
  });
  const total = Math.min(survey.questions.length + NEW_SLOTS, MAX_QUESTIONS + NEW_SLOTS);
  for (let slot = survey.questions.length; slot < total; slot++) {
    values[slotField(slot, 'type')] = 'rating';
    values[slotField(slot, 'required')] = 'on';
  }
  return values;
};

/** How many question groups the values hold. */
export const slotCount = (values: SurveyFormValues): number => {
  let count = 0;
  for (const name of Object.keys(values)) {
    const match = /^q(\d{1,2})-/.exec(name);
    if (match) count = Math.max(count, Number(match[1]) + 1);
  }
  return Math.min(count, MAX_QUESTIONS + NEW_SLOTS);
};

const wholeNumber = (value: string | undefined) => (value !== undefined && /^\s*\d{1,6}\s*$/.test(value) ? Number(value) : undefined);

export interface ReadSurveyForm {
  /** For SurveyInput.safeParse. */
  input: unknown;
  /** Errors found before the schema (numbers that are not numbers), by form field. */
  errors: Record<string, string>;
  /** The form field of a SurveyInput path (`questions.2.text` → `q3-text`). */
  fieldOf: (path: string) => string;
}

/**
 * Reads the posted form: kept groups (not marked for removal, and not new and empty) become
 * questions in order; the timing fields become numbers (an empty reminder box: no reminder).
 */
export const readSurveyForm = (form: Record<string, string | undefined>): ReadSurveyForm => {
  const values = form as SurveyFormValues;
  const errors: Record<string, string> = {};
  const questions: unknown[] = [];
  const slots: number[] = [];
  for (let slot = 0; slot < slotCount(values); slot++) {
    const get = (name: string) => values[slotField(slot, name)];
    const id = get('id')?.trim();
    const text = get('text') ?? '';
    if (get('remove') === 'on') continue;
    if (!id && text.trim() === '') continue;
    const type = get('type') ?? '';
    const question: Record<string, unknown> = { ...(id ? { id } : {}), type, text, required: get('required') === 'on' };
    if (type === 'choice') {
      question.options = (get('options') ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    }
    if (type === 'rating') {
      const max = wholeNumber(get('max'));
      if (max !== undefined) question.max = max;
      if (get('lowLabel')?.trim()) question.lowLabel = get('lowLabel');
      if (get('highLabel')?.trim()) question.highLabel = get('highLabel');
    }
    questions.push(question);
    slots.push(slot);
  }
  const delayMinutes = wholeNumber(values.delayMinutes);
  if (delayMinutes === undefined) errors.delayMinutes = `Enter a whole number of minutes from 0 to ${DELAY_MAX_MINUTES}`;
  const reminder = values.reminder === 'on';
  const reminderAfterHours = wholeNumber(values.reminderAfterHours);
  if (reminder && reminderAfterHours === undefined) errors.reminderAfterHours = `Enter a whole number of hours from 1 to ${REMINDER_MAX_HOURS}`;
  const fieldOf = (path: string): string => {
    const match = /^questions\.(\d+)\.(\w+)/.exec(path);
    if (match) {
      const slot = slots[Number(match[1])] ?? 0;
      const name = match[2] === 'id' ? 'text' : match[2] === 'max' || match[2] === 'lowLabel' || match[2] === 'highLabel' ? 'type' : match[2]!;
      return slotField(slot, name);
    }
    if (path === 'questions' || path.startsWith('questions.')) return 'questions';
    return path;
  };
  return {
    input: {
      questions,
      ...(delayMinutes !== undefined ? { delayMinutes } : {}),
      ...(reminder ? (reminderAfterHours !== undefined ? { reminderAfterHours } : {}) : { reminderAfterHours: null }),
    },
    errors,
    fieldOf,
  };
};
