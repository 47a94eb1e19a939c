import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { refused } from '../kernel/refusal';
import { WorkshopScheduleChanged } from '../workshops/events';
import { type Workshop } from '../workshops/port';
import { defaultSurvey, normalizeQuestions, type Survey, type SurveyInput, type SurveyTiming } from './model';
import { SurveyStore } from './survey-store';

export type { SurveyTiming } from './model';

/**
 * A workshop's survey: its questions and its timing, the default until an organizer changes them.
 * Organizers may change it only before the workshop ends (and while no invitation has gone out);
 * a change of timing is announced as Workshop Schedule Changed, so the survey's schedules move.
 */

/** The survey a workshop has now: its own, or the default one. */
export const surveyOf = async (workshopId: string): Promise<Survey> => (await SurveyStore.get(workshopId)) ?? defaultSurvey();

/**
 * When the survey and its reminder go out: `endsAt + delayMinutes`, then `reminderAfterHours` after
 * that (null: no reminder). Read by the schedule reconciliation.
 */
export const surveyTiming = async (workshopId: string): Promise<SurveyTiming> => {
  const { delayMinutes, reminderAfterHours } = await surveyOf(workshopId);
  return { delayMinutes, reminderAfterHours };
};

export const surveyClosedMessage = 'The survey can only be changed before the workshop ends.';
export const surveyCancelledMessage = 'This workshop is cancelled, so its survey cannot be changed.';
export const invitationsSentMessage = 'Invitations to this survey have gone out, so its questions can no longer be changed.';

/** Why the survey cannot be changed now, or undefined when it can. */
export const surveyLockedReason = (workshop: Pick<Workshop, 'status' | 'endsAt'>, invited: number, at: Date): string | undefined => {
  if (workshop.status === 'cancelled') return surveyCancelledMessage;
  if (Date.parse(workshop.endsAt) <= at.getTime()) return surveyClosedMessage;
  if (invited > 0) return invitationsSentMessage;
  return undefined;
};

const sameTiming = (a: SurveyTiming, b: SurveyTiming) => a.delayMinutes === b.delayMinutes && a.reminderAfterHours === b.reminderAfterHours;

/** The event id of a timing change: the workshop and the instant of the change. */
export const surveyTimingEventId = (workshopId: string, updatedAt: string) => `survey-timing:${workshopId}:${updatedAt}`;

/**
 * Replaces a workshop's survey. Refusals: 400 with field messages (ids or options twice), 409 when
 * the workshop has ended, is cancelled, or its invitations went out. Timing left out of the input
 * stays as it was.
 */
export const saveSurvey = async (workshop: Pick<Workshop, 'id' | 'status' | 'endsAt'>, input: SurveyInput, at: Date): Promise<Survey> => {
  const locked = surveyLockedReason(workshop, 0, at);
  if (locked) refused('conflict', locked);
  const current = await surveyOf(workshop.id);
  const questions = normalizeQuestions(input.questions, current.questions);
  if (!questions.ok) return refused('invalid', 'Some fields need attention', { fields: questions.errors });
  const next: Survey = {
    questions: questions.value,
    delayMinutes: input.delayMinutes ?? current.delayMinutes,
    reminderAfterHours: input.reminderAfterHours === undefined ? current.reminderAfterHours : input.reminderAfterHours,
    updatedAt: at.toISOString(),
  };
  const outcome = await SurveyStore.put(workshop.id, next, at);
  if (outcome === 'closed') refused('conflict', workshop.status === 'cancelled' ? surveyCancelledMessage : surveyClosedMessage);
  if (outcome === 'invitations-sent') refused('conflict', invitationsSentMessage);
  // Only a published workshop has schedules; publishing plans them from the timing it finds.
  if (workshop.status === 'published' && !sameTiming(current, next)) {
    await publish([makeEvent(WorkshopScheduleChanged, surveyTimingEventId(workshop.id, next.updatedAt!), { workshopId: workshop.id }, next.updatedAt!)]);
  }
  return next;
};
