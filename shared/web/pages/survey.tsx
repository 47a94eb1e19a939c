import type { HttpResult } from '../../http/response';
import type { Workshop } from '../../workshops/model';
import { surveyPrivacyNote } from '../../surveys/mails/survey';
import { FREE_TEXT_MAX, answerField, ratingRange, type Question } from '../../surveys/model';
import { SURVEY_LINK_DAYS } from '../../surveys/links';
import { scaleLabel } from '../../surveys/results';
import { describedBy, errorId, Field, FieldError, hintId } from '../../ui/forms/fields';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { renderPage } from '../../ui/page';
import { WorkshopLine } from './workshop-line';
import type { TokenProblem } from '../../tokens';
import { formPage } from '../../ui/forms/form-page';

/**
 * The survey a personal link opens, and what answering it shows. Works without JavaScript: the
 * server checks the answers and shows the form again with what was chosen, an error summary at the
 * top that links to each question, and each error next to its question. Radio groups are fieldsets
 * whose legend is the question (a heading, so screen reader users can jump between questions).
 * The token travels in a hidden field; the page says plainly what is stored and what is not.
 */

export type SurveyWorkshop = Pick<Workshop, 'title' | 'startsAt' | 'endsAt' | 'timezone'>;

export interface SurveyPageProps {
  workshop: SurveyWorkshop;
  questions: readonly Question[];
  /** The signed token from the link; posted back unchanged. */
  token: string;
  /** What was chosen or typed, by form field (`q-<id>`). */
  values?: Record<string, string | undefined>;
  /** By form field. */
  errors?: Record<string, string>;
}

export const surveyHeading = 'How was the session for you?';

const optional = (question: Question) => (question.required ? '' : ' (optional)');

/** The choices of a rating, NPS or single-choice question. */
const choicesOf = (question: Question): { value: string; label: string }[] => {
  if (question.type === 'choice') return question.options.map((option) => ({ value: option.id, label: option.label }));
  const range = ratingRange(question);
  if (!range) return [];
  return Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i).map((point) => ({ value: String(point), label: scaleLabel(question, point) }));
};

const hintOf = (question: Question): string | undefined => {
  if (question.type === 'rating') return `Choose a number from 1 (lowest) to ${question.max} (highest).`;
  if (question.type === 'nps') return 'Choose a number from 0 (not at all likely) to 10 (extremely likely).';
  if (question.type === 'text') return `Up to ${FREE_TEXT_MAX} characters. Please leave out names and anything else that could identify you or someone else.`;
  return undefined;
};

const ChoiceQuestion = ({ question, number, value, error }: { question: Question; number: number; value?: string; error?: string }) => {
  const field = answerField(question.id);
  const hint = hintOf(question);
  return (
    <Field error={error}>
      <fieldset aria-describedby={describedBy(hint && hintId(field), error && errorId(field))}>
        <legend>
          <h2>{`${number}. ${question.text}${optional(question)}`}</h2>
        </legend>
        {hint ? (
          <p class="hint" id={hintId(field)}>
            {hint}
          </p>
        ) : null}
        <FieldError name={field} message={error} />
        {choicesOf(question).map((choice, index) => {
          // The first control carries the field's name as its id, so the error summary can link to it.
          const id = index === 0 ? field : `${field}-${choice.value}`;
          return (
            <div class="checkbox">
              <input type="radio" id={id} name={field} value={choice.value} checked={value === choice.value} required={question.required} />
              <label for={id}>{choice.label}</label>
            </div>
          );
        })}
      </fieldset>
    </Field>
  );
};

const TextQuestion = ({ question, number, value, error }: { question: Question; number: number; value?: string; error?: string }) => {
  const field = answerField(question.id);
  return (
    <Field error={error}>
      <h2>
        <label for={field}>{`${number}. ${question.text}${optional(question)}`}</label>
      </h2>
      <p class="hint" id={hintId(field)}>
        {hintOf(question)}
      </p>
      <FieldError name={field} message={error} />
      <textarea
        id={field}
        name={field}
        rows={5}
        maxLength={FREE_TEXT_MAX}
        required={question.required}
        value={value ?? ''}
        aria-describedby={describedBy(hintId(field), error && errorId(field))}
        aria-invalid={error ? 'true' : undefined}
      />
    </Field>
  );
};

export const SurveyForm = ({ workshop, questions, token, values = {}, errors = {} }: SurveyPageProps) => (
  <>
    <ErrorSummary errors={errors} fields={questions.map((question) => ({ name: answerField(question.id), label: question.text }))} />
    <h1>{surveyHeading}</h1>
    <WorkshopLine workshop={workshop} />
    <p>The organizers would like to hear how the session went for you. It takes about two minutes, and you can answer once.</p>
    <p>{surveyPrivacyNote}</p>
    <form method="post" action="/survey">
      <input type="hidden" name="token" value={token} />
      {questions.map((question, index) =>
        question.type === 'text' ? (
          <TextQuestion question={question} number={index + 1} value={values[answerField(question.id)]} error={errors[answerField(question.id)]} />
        ) : (
          <ChoiceQuestion question={question} number={index + 1} value={values[answerField(question.id)]} error={errors[answerField(question.id)]} />
        ),
      )}
      <button type="submit">Send my answers</button>
    </form>
  </>
);

export const surveyPage = (props: SurveyPageProps): HttpResult => {
  return renderPage({
    ...formPage(surveyHeading, { errors: props.errors }),
    children: <SurveyForm {...props} />,
  });
};

const OtherWorkshops = () => (
  <p>
    <a href="/">See upcoming workshops</a>
  </p>
);

export const SurveyThanks = ({ workshop }: { workshop: SurveyWorkshop }) => (
  <>
    <h1>Thank you</h1>
    <WorkshopLine workshop={workshop} />
    <p role="status">Your answers are saved. Thank you for taking the time.</p>
    <p>
      They are stored without your name, your email address or the time you answered. The organizers see them only together with
      the answers of at least 2 other people.
    </p>
    <OtherWorkshops />
  </>
);

export const surveyThanksPage = (workshop: SurveyWorkshop): HttpResult =>
  renderPage({ title: 'Thank you', children: <SurveyThanks workshop={workshop} /> });

export const alreadyAnsweredHeading = 'You have already answered this survey';

export const SurveyAlreadyAnswered = ({ workshop }: { workshop: SurveyWorkshop }) => (
  <>
    <h1>{alreadyAnsweredHeading}</h1>
    <WorkshopLine workshop={workshop} />
    <p>Each link can be used to answer once, and this one has been used. Nothing was changed. Thank you for your answers.</p>
    <OtherWorkshops />
  </>
);

/** 200 when the link is opened again; 409 when answers were sent again (nothing was stored). */
export const surveyAlreadyAnsweredPage = (workshop: SurveyWorkshop, status: 200 | 409 = 200): HttpResult =>
  renderPage({ title: alreadyAnsweredHeading, status, children: <SurveyAlreadyAnswered workshop={workshop} /> });

export const cancelledSurveyHeading = 'This workshop was cancelled';

export const SurveyCancelled = ({ workshop }: { workshop: SurveyWorkshop }) => (
  <>
    <h1>{cancelledSurveyHeading}</h1>
    <WorkshopLine workshop={workshop} />
    <p>There is no survey for a cancelled workshop, so nothing was saved. You do not need to do anything.</p>
    <OtherWorkshops />
  </>
);

/** 410 Gone: a cancelled workshop takes no answers. */
export const surveyCancelledPage = (workshop: SurveyWorkshop): HttpResult =>
  renderPage({ title: cancelledSurveyHeading, status: 410, children: <SurveyCancelled workshop={workshop} /> });

const linkHeading = (reason: TokenProblem) => (reason === 'expired' ? 'This survey has closed' : 'This survey link does not work');

export const SurveyLinkProblem = ({ reason }: { reason: TokenProblem }) => (
  <>
    <h1>{linkHeading(reason)}</h1>
    <p>
      {reason === 'expired'
        ? `Survey links work for ${SURVEY_LINK_DAYS} days after the survey is sent, and this one is older. Nothing was saved.`
        : 'The link may be incomplete, for example if it was split over two lines when it was copied. Nothing was saved.'}
    </p>
    {reason === 'invalid' ? <p>Open the link directly from the email we sent you, or copy all of it into the address bar.</p> : null}
    <OtherWorkshops />
  </>
);

/** 400 for a link that cannot be read, 410 Gone for one that has expired. */
export const surveyLinkProblemPage = (reason: TokenProblem): HttpResult =>
  renderPage({ title: linkHeading(reason), status: reason === 'expired' ? 410 : 400, children: <SurveyLinkProblem reason={reason} /> });
