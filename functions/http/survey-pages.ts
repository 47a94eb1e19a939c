import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { formBody, queryParam } from '../../shared/http/request';
import type { HttpResult } from '../../shared/http/response';
import { openSurvey, submitSurvey, type SubmitOutcome, type SurveyState } from '../../shared/surveys/answer';
import { errorPage } from '../../shared/web/pages/error';
import {
  surveyAlreadyAnsweredPage,
  surveyCancelledPage,
  surveyLinkProblemPage,
  surveyPage,
  surveyThanksPage,
} from '../../shared/web/pages/survey';

/**
 * The survey of a personal link (GET shows it, POST answers it). Opening the link changes nothing;
 * only the form's POST does, once.
 */
type Unavailable = Exclude<SurveyState, { kind: 'open' }>;

/** Why the link shows no form, alike for both methods; answering again is a conflict (409). */
const unavailable = (state: Unavailable, answeredStatus: 200 | 409): HttpResult => {
  switch (state.kind) {
    case 'link-problem':
      return surveyLinkProblemPage(state.reason);
    case 'cancelled':
      return surveyCancelledPage(state.workshop);
    case 'already-answered':
      return surveyAlreadyAnsweredPage(state.workshop, answeredStatus);
  }
};

const answer = (outcome: SubmitOutcome, token: string, form: Record<string, string>): HttpResult => {
  switch (outcome.kind) {
    case 'invalid':
      return surveyPage({ workshop: outcome.workshop, questions: outcome.survey.questions, token, values: form, errors: outcome.errors });
    case 'answered':
      return surveyThanksPage(outcome.workshop);
    default:
      return unavailable(outcome, 409);
  }
};

export const handler = httpHandler(
  routes.surveyPages,
  {
    show: async (event) => {
      const token = queryParam(event, 'token');
      const state = await openSurvey(token, now());
      if (state.kind !== 'open') return unavailable(state, 200);
      return surveyPage({ workshop: state.workshop, questions: state.survey.questions, token: token ?? '' });
    },

    answer: async (event) => {
      const form = formBody(event);
      const token = form.token ?? '';
      return answer(await submitSurvey(token, form, now()), token, form);
    },
  },
  { errorPage },
);
