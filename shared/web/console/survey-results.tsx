import type { HttpResult } from '../../http/response';
import type { Workshop } from '../../workshops/model';
import type { Question } from '../../surveys/model';
import type { SurveyOverview } from '../../surveys/overview';
import type { QuestionResult } from '../../surveys/results';
import { formatDateTime, formatWhen } from '../../kernel/zoned-time';
import { consoleWorkshopPath } from './dashboard';
import { consolePage, type ConsoleOrganizer } from './layout';
import { people } from '../labels';
import { BarChart } from './survey-chart';

/**
 * A workshop's feedback survey for organizers: how and when it goes out, the questions, and the
 * results once at least K people answered (below that, only how many did). Charts are SVG with
 * every number written out (./survey-chart.tsx); free-text answers are listed in the order of the
 * responses' random ids, which says nothing about who wrote them or when.
 */

export const surveyPath = (workshopId: string) => `${consoleWorkshopPath(workshopId)}/survey`;
export const surveyEditPath = (workshopId: string) => `${surveyPath(workshopId)}/edit`;
export const surveyCsvPath = (workshopId: string) => `${surveyPath(workshopId)}.csv`;

export type SurveyResultsWorkshop = Pick<Workshop, 'id' | 'title' | 'startsAt' | 'endsAt' | 'timezone' | 'status'>;

export interface SurveyResultsPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshop: SurveyResultsWorkshop;
  overview: SurveyOverview;
  /** Now: whether the survey went out already. */
  at: Date;
  /** After a save (`?done=saved`). */
  saved?: boolean;
}

export const typeLabel = (question: Question): string => {
  switch (question.type) {
    case 'rating':
      return `Rating from 1 to ${question.max}`;
    case 'choice':
      return `Single choice: ${question.options.map((option) => option.label).join(', ')}`;
    case 'nps':
      return 'Recommendation score from 0 to 10 (NPS)';
    case 'text':
      return 'Free text';
  }
};

const minutesLabel = (minutes: number) =>
  minutes === 0 ? 'right after the end' : minutes % 60 === 0 ? `${minutes / 60} ${minutes === 60 ? 'hour' : 'hours'} after the end` : `${minutes} minutes after the end`;

export const npsLabel = (score: number | null) => (score === null ? 'No answers yet' : score > 0 ? `+${score}` : String(score));

const answersLine = (result: QuestionResult) => `${result.answered} ${result.answered === 1 ? 'answer' : 'answers'}`;

const ResultSection = ({ result, number }: { result: QuestionResult; number: number }) => {
  const headingId = `result-${result.id}`;
  const heading = `${number}. ${result.text}`;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>{heading}</h3>
      {result.type === 'rating' ? (
        <p>{`${answersLine(result)}; average ${result.average ?? '–'} of ${result.options.length}`}</p>
      ) : result.type === 'text' ? (
        <p>{`${people(result.answers.length)} wrote an answer. Shown in no particular order.`}</p>
      ) : (
        <p>{answersLine(result)}</p>
      )}
      {result.type === 'nps' ? (
        <>
          <p>
            <strong>{`Net Promoter Score: ${npsLabel(result.nps.score)}`}</strong> (from −100 to +100)
          </p>
          <dl class="facts">
            <dt>Promoters (9–10)</dt>
            <dd>{people(result.nps.promoters)}</dd>
            <dt>Passives (7–8)</dt>
            <dd>{people(result.nps.passives)}</dd>
            <dt>Detractors (0–6)</dt>
            <dd>{people(result.nps.detractors)}</dd>
          </dl>
          <p class="hint">The score is the share of promoters minus the share of detractors, in per cent of the answers.</p>
        </>
      ) : null}
      {result.type === 'text' ? (
        result.answers.length > 0 ? (
          <ul class="workshop-list">
            {result.answers.map((answer) => (
              <li class="pre-line">{answer}</li>
            ))}
          </ul>
        ) : null
      ) : (
        <BarChart id={`chart-${result.id}`} title={heading} bars={result.options} answered={result.answered} />
      )}
    </section>
  );
};

export const SurveyResultsView = ({ workshop, overview, at, saved }: Omit<SurveyResultsPageProps, 'organizer' | 'csrfToken'>) => {
  const { survey, results } = overview;
  const sent = Date.parse(overview.sendsAt) <= at.getTime();
  const cancelled = workshop.status === 'cancelled';
  return (
    <>
      <p>
        <a href={consoleWorkshopPath(workshop.id)}>Back to the workshop</a>
      </p>
      <h1>Feedback survey: {workshop.title}</h1>
      <p>{formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}</p>
      {saved ? (
        <p class="notice" role="status">
          The survey is saved.
        </p>
      ) : null}

      <h2>How it goes out</h2>
      {cancelled ? <p class="notice">This workshop is cancelled, so no survey is sent.</p> : null}
      <dl class="facts">
        <dt>Who gets it</dt>
        <dd>
          The people checked in on the roster. If nobody was checked in, everyone with a confirmed place. Each person gets a link of
          their own that works once.
        </dd>
        <dt>When</dt>
        <dd>
          {cancelled
            ? 'Not sent: the workshop is cancelled'
            : `${sent ? 'Sent' : 'Goes out'} ${minutesLabel(survey.delayMinutes)}: ${formatDateTime(overview.sendsAt, workshop.timezone)}`}
        </dd>
        <dt>Reminder</dt>
        <dd>
          {cancelled || overview.remindsAt === null || survey.reminderAfterHours === null
            ? 'None'
            : `One, ${survey.reminderAfterHours} hours later, to those who have not answered: ${formatDateTime(overview.remindsAt, workshop.timezone)}`}
        </dd>
      </dl>
      {overview.lockedReason ? (
        <p>{overview.lockedReason}</p>
      ) : (
        <p>
          <a class="action-link" href={surveyEditPath(workshop.id)}>
            Change the questions or when it goes out
          </a>
        </p>
      )}

      <h2>Answers</h2>
      <dl class="facts" id="survey-counts">
        <dt>Invited</dt>
        <dd>{people(results.invited)}</dd>
        <dt>Answered</dt>
        <dd>{people(results.responses)}</dd>
        <dt>Response rate</dt>
        <dd>{results.responseRate === null ? 'Nobody invited yet' : `${results.responseRate}%`}</dd>
      </dl>
      {results.shown && results.questions ? (
        <>
          <p>
            <a class="action-link" href={surveyCsvPath(workshop.id)}>
              Download the answers (CSV)
            </a>
          </p>
          <p class="hint">Answers are anonymous: nothing here or in the file says who gave them or when.</p>
          {results.questions.map((result, index) => (
            <ResultSection result={result} number={index + 1} />
          ))}
        </>
      ) : (
        <>
          <p class="notice" id="threshold-note">
            {`${results.responses === 1 ? '1 person has' : `${results.responses} people have`} answered. Results show once at least ${results.threshold} people have answered, so that nobody can be recognised by their answers.`}
          </p>
          <h2>Questions</h2>
          <ol>
            {survey.questions.map((question) => (
              <li>
                {question.text} <span class="hint">{`(${typeLabel(question)}${question.required ? '' : ', optional'})`}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
};

export const surveyResultsPage = ({ organizer, csrfToken, ...props }: SurveyResultsPageProps): HttpResult =>
  consolePage({ title: `Feedback survey: ${props.workshop.title}`, organizer, csrfToken, children: <SurveyResultsView {...props} /> });
