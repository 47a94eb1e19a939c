import { type Workshop } from '../workshops/port';
import type { SurveyAnswer } from './api';
import { K_THRESHOLD, type Survey } from './model';
import { needsResponses, surveyCsv, surveyResults, type SurveyResults } from './results';
import { surveyLockedReason, surveyOf } from './settings';
import { SurveyStore } from './survey-store';

/**
 * What organizers see of a workshop's survey (the console page and the organizer API): the
 * questions and timing, whether they can still be changed, when it goes out, and the results.
 */
export interface SurveyOverview {
  survey: Survey;
  /** Why it cannot be changed; absent while it can. */
  lockedReason?: string;
  /** When the survey goes out: the end plus the delay. */
  sendsAt: string;
  /** When its reminder goes out; null without one. */
  remindsAt: string | null;
  results: SurveyResults;
}

export const surveyOverview = async (workshop: Pick<Workshop, 'id' | 'status' | 'endsAt'>, at: Date): Promise<SurveyOverview> => {
  const [survey, counters] = await Promise.all([surveyOf(workshop.id), SurveyStore.counters(workshop.id)]);
  const shown = (counters.responses ?? 0) >= K_THRESHOLD;
  const responses = shown && needsResponses(survey) ? await SurveyStore.responses(workshop.id) : [];
  const sendsAt = Date.parse(workshop.endsAt) + survey.delayMinutes * 60_000;
  const lockedReason = surveyLockedReason(workshop, counters.invited ?? 0, at);
  return {
    survey,
    ...(lockedReason ? { lockedReason } : {}),
    sendsAt: new Date(sendsAt).toISOString(),
    remindsAt: survey.reminderAfterHours === null ? null : new Date(sendsAt + survey.reminderAfterHours * 3_600_000).toISOString(),
    results: surveyResults(survey, counters, responses),
  };
};

/** The CSV of the answers, or undefined below the threshold. */
export const surveyExport = async (workshopId: string): Promise<string | undefined> => {
  const [survey, counters] = await Promise.all([surveyOf(workshopId), SurveyStore.counters(workshopId)]);
  if ((counters.responses ?? 0) < K_THRESHOLD) return undefined;
  return surveyCsv(survey, await SurveyStore.responses(workshopId));
};

/** The organizer API's answer. */
export const surveyJson = (overview: SurveyOverview): SurveyAnswer => ({
  survey: {
    questions: overview.survey.questions,
    delayMinutes: overview.survey.delayMinutes,
    reminderAfterHours: overview.survey.reminderAfterHours,
    ...(overview.survey.updatedAt ? { updatedAt: overview.survey.updatedAt } : {}),
    editable: !overview.lockedReason,
    ...(overview.lockedReason ? { lockedReason: overview.lockedReason } : {}),
    sendsAt: overview.sendsAt,
    remindsAt: overview.remindsAt,
  },
  results: overview.results,
});
