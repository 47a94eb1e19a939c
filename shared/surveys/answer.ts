import { randomUUID } from 'node:crypto';
import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { logger } from '../log';
import { Workshops, type WorkshopItem } from '../workshops/port';
import { SurveyAnswered } from './events';
import { readSurveyToken } from './links';
import { readAnswers, type Survey } from './model';
import { surveyOf } from './settings';
import { SurveyStore } from './survey-store';
import type { TokenProblem } from '../tokens';

/**
 * Answering a survey through a personal link.
 * 1. The link's token is checked (signature, purpose, expiry), then the workshop (not cancelled) and
 *    the invitee marker (not answered yet).
 * 2. The answers are checked against the questions; anything wrong is answered with a message per
 *    question and nothing is stored.
 * 3. One transaction marks the link used, puts the response (answers only, under a random id) and
 *    adds to the counts. A second use of the link fails that transaction's condition: nothing
 *    changes.
 * 4. Survey Answered is published with the workshop id alone, under a random event id and at the
 *    hour, not the instant.
 */
export type SurveyState =
  | { kind: 'link-problem'; reason: TokenProblem }
  | { kind: 'cancelled'; workshop: WorkshopItem }
  | { kind: 'already-answered'; workshop: WorkshopItem }
  | { kind: 'open'; workshop: WorkshopItem; survey: Survey; registrationId: string };

export type SubmitOutcome =
  | Exclude<SurveyState, { kind: 'open' }>
  | { kind: 'invalid'; workshop: WorkshopItem; survey: Survey; errors: Record<string, string> }
  | { kind: 'answered'; workshop: WorkshopItem };

export const openSurvey = async (token: string | undefined, at: Date): Promise<SurveyState> => {
  const read = await readSurveyToken(token, at);
  if (!read.ok) return { kind: 'link-problem', reason: read.reason };
  const [workshop, invitee] = await Promise.all([Workshops.get(read.workshopId), SurveyStore.invitee(read.workshopId, read.registrationId)]);
  if (!workshop || workshop.status === 'draft' || !invitee) return { kind: 'link-problem', reason: 'invalid' };
  if (workshop.status === 'cancelled') return { kind: 'cancelled', workshop };
  if (invitee.answered) return { kind: 'already-answered', workshop };
  return { kind: 'open', workshop, survey: await surveyOf(workshop.id), registrationId: read.registrationId };
};

/** The hour of `at`: when someone answered is not worth knowing more precisely than that. */
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();

export const submitSurvey = async (token: string | undefined, form: Record<string, string | undefined>, at: Date): Promise<SubmitOutcome> => {
  const state = await openSurvey(token, at);
  if (state.kind !== 'open') return state;
  const { workshop, survey, registrationId } = state;
  const read = readAnswers(survey.questions, form);
  if (!read.ok) return { kind: 'invalid', workshop, survey, errors: read.errors };
  const outcome = await SurveyStore.answer(workshop, registrationId, survey.questions, read.answers);
  if (outcome === 'already-answered') return { kind: 'already-answered', workshop };
  if (outcome === 'not-invited') return { kind: 'link-problem', reason: 'invalid' };
  if (outcome === 'closed') return { kind: 'cancelled', workshop: (await Workshops.get(workshop.id)) ?? workshop };
  try {
    await publish([makeEvent(SurveyAnswered, `survey-answered:${randomUUID()}`, { workshopId: workshop.id }, hourOf(at))]);
  } catch (error) {
    // The answer is stored and counted; the event only tells others it happened.
    logger.warn('Survey Answered could not be published', { workshopId: workshop.id, error: error instanceof Error ? error.message : String(error) });
  }
  return { kind: 'answered', workshop };
};
