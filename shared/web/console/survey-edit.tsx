import type { HttpResult } from '../../http/response';
import type { Workshop } from '../../workshops/model';
import { DELAY_MAX_MINUTES, OPTION_LABEL_MAX, QUESTION_TEXT_MAX, REMINDER_MAX_HOURS, type QuestionType } from '../../surveys/model';
import { describedBy, errorId, Field, FieldError, hintId, TextAreaField, TextField, WholeNumberField } from '../../ui/forms/fields';
import { Checkbox } from '../../ui/forms/checkboxes';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formatWhen } from '../../kernel/zoned-time';
import { type ConsoleOrganizer, consoleFormPage } from './layout';
import { surveyPath } from './survey-results';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { slotCount, slotField, type SurveyFormValues } from './survey-input';

/**
 * Changing a workshop's survey in the console, without JavaScript: one group of fields per question
 * (its words, its kind of answer, whether it is required, the options of a single choice, and a
 * box to remove it), two empty groups to add questions, and the timing. The server reads the form
 * into the organizer API's shape (SurveyInput, survey-input.ts), so both are checked by the same
 * rules; errors come back next to their fields.
 */

export type SurveyEditWorkshop = Pick<Workshop, 'id' | 'title' | 'startsAt' | 'endsAt' | 'timezone'>;

const typeChoices: { value: QuestionType; label: string }[] = [
  { value: 'rating', label: 'Rating (1 to 5)' },
  { value: 'choice', label: 'Single choice' },
  { value: 'nps', label: 'Recommendation score, 0 to 10 (NPS)' },
  { value: 'text', label: 'Free text' },
];



export interface SurveyEditPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshop: SurveyEditWorkshop;
  values: SurveyFormValues;
  errors?: Record<string, string>;
  formError?: string;
  status?: number;
}

const Select = ({ name, label, value, error, choices }: { name: string; label: string; value?: string; error?: string; choices: { value: string; label: string }[] }) => (
  <Field error={error}>
    <label for={name}>{label}</label>
    <FieldError name={name} message={error} />
    <select id={name} name={name} aria-describedby={describedBy(error && errorId(name))} aria-invalid={error ? 'true' : undefined}>
      {choices.map((choice) => (
        <option value={choice.value} selected={choice.value === value}>
          {choice.label}
        </option>
      ))}
    </select>
  </Field>
);

const QuestionGroup = ({ slot, values, errors }: { slot: number; values: SurveyFormValues; errors: Record<string, string> }) => {
  const field = (name: string) => slotField(slot, name);
  const existing = Boolean(values[field('id')]);
  return (
    <fieldset>
      <legend>
        <h3>{existing ? `Question ${slot + 1}` : `New question (optional)`}</h3>
      </legend>
      {existing ? <input type="hidden" name={field('id')} value={values[field('id')]} /> : <p class="hint">Leave the words empty to add nothing.</p>}
      {['max', 'lowLabel', 'highLabel'].map((name) =>
        values[field(name)] ? <input type="hidden" name={field(name)} value={values[field(name)]} /> : null,
      )}
      <TextField
        name={field('text')}
        label="The question"
        hint="One line, as people will read it. Without < or >."
        error={errors[field('text')]}
        maxLength={QUESTION_TEXT_MAX}
        value={values[field('text')]}
      />
      <Select name={field('type')} label="Kind of answer" value={values[field('type')]} error={errors[field('type')]} choices={typeChoices} />
      <TextAreaField
        name={field('options')}
        label="Options (single choice only)"
        hint={`One option per line, 2 to 8 options, each up to ${OPTION_LABEL_MAX} characters.`}
        error={errors[field('options')]}
        rows={3}
        value={values[field('options')]}
      />
      <Checkbox name={field('required')} value="on" label="An answer is required" checked={values[field('required')] === 'on'} />
      {existing ? <Checkbox name={field('remove')} value="on" label="Remove this question" checked={values[field('remove')] === 'on'} /> : null}
    </fieldset>
  );
};

/** The form's fields in page order, for the error summary. */
const summaryFields = (count: number) => [
  ...Array.from({ length: count }, (_, slot) => [
    { name: slotField(slot, 'text'), label: `Question ${slot + 1}` },
    { name: slotField(slot, 'type'), label: `Question ${slot + 1}, kind of answer` },
    { name: slotField(slot, 'options'), label: `Question ${slot + 1}, options` },
  ]).flat(),
  { name: 'delayMinutes', label: 'When the survey goes out' },
  { name: 'reminderAfterHours', label: 'When the reminder goes out' },
];

export const SurveyEditView = ({ workshop, csrfToken, values, errors = {}, formError }: Omit<SurveyEditPageProps, 'organizer' | 'status'>) => {
  const count = slotCount(values);
  const { questions: questionsError, ...fieldErrors } = errors;
  const topError = formError ?? questionsError;
  return (
    <>
      <ErrorSummary errors={fieldErrors} formError={topError} fields={summaryFields(count)} />
      <p>
        <a href={surveyPath(workshop.id)}>Back to the survey</a>
      </p>
      <h1>Change the feedback survey</h1>
      <p>
        {workshop.title}, {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}
      </p>
      <p>You can change the survey until the workshop ends. Each person who took part gets a link of their own and can answer once.</p>
      <form method="post" action={surveyPath(workshop.id)}>
        <CsrfInput token={csrfToken} />
        <h2>Questions</h2>
        {Array.from({ length: count }, (_, slot) => (
          <QuestionGroup slot={slot} values={values} errors={errors} />
        ))}
        <h2>When it goes out</h2>
        <WholeNumberField
          name="delayMinutes"
          label="Minutes after the end of the workshop"
          hint={`From 0 to ${DELAY_MAX_MINUTES} (a week). Usually 60.`}
          error={errors.delayMinutes}
          min={0}
          max={DELAY_MAX_MINUTES}
          value={values.delayMinutes}
        />
        <Checkbox
          name="reminder"
          value="on"
          label="Send one reminder to those who have not answered"
          checked={values.reminder === 'on'}
          extraDescribedBy={hintId('reminderAfterHours')}
        />
        <WholeNumberField
          name="reminderAfterHours"
          label="Hours after the survey that the reminder goes out"
          hint={`From 1 to ${REMINDER_MAX_HOURS} (two weeks). Usually 72. Only used when the reminder is ticked.`}
          error={errors.reminderAfterHours}
          min={1}
          max={REMINDER_MAX_HOURS}
          value={values.reminderAfterHours}
        />
        <button type="submit">Save the survey</button>
      </form>
    </>
  );
};

export const surveyEditPage = ({ organizer, status, ...props }: SurveyEditPageProps): HttpResult =>
  consoleFormPage('Change the feedback survey', { ...props, organizer, status }, <SurveyEditView {...props} />);
