import type { Actor } from '../kernel/actor';
import { AuditLog } from '../kernel/audit-store';
import { attempt, done, refused, type Outcome } from '../kernel/refusal';
import { Workshops, type Workshop } from '../workshops/port';
import { surveyExport, surveyOverview, type SurveyOverview } from './overview';
import { K_THRESHOLD, type Survey, type SurveyInput } from './model';
import { surveyFileName } from './results';
import { saveSurvey, surveyLockedReason, surveyOf } from './settings';
import { SurveyStore } from './survey-store';

/**
 * What a workshop's organizers do with its survey, from the console or the API alike. Each
 * operation checks that the actor organizes the workshop (through the workshops port: `not-found`
 * or `forbidden` otherwise), records its own audit entry, and answers a value or a refusal.
 */
export const Surveys = {
  /** The questions, timing and results (counts only from K_THRESHOLD answers on). */
  async overview(actor: Actor, workshopId: string, at: Date): Promise<{ workshop: Workshop; overview: SurveyOverview }> {
    const workshop = await Workshops.organized(actor, workshopId);
    return { workshop, overview: await surveyOverview(workshop, at) };
  },

  /** The answers as CSV, from K_THRESHOLD answers on (`conflict` before): a download of what people wrote, audited. */
  async exportAnswers(actor: Actor, workshopId: string, at: Date): Promise<{ fileName: string; body: string }> {
    const workshop = await Workshops.organized(actor, workshopId);
    const body = (await surveyExport(workshop.id)) ?? refused('conflict', `The answers can be downloaded once at least ${K_THRESHOLD} people have answered.`);
    await AuditLog.record(actor.id, 'survey-exported', workshop.id, at);
    return { fileName: surveyFileName(workshop.startsAt, workshop.timezone), body };
  },

  /** The survey to edit, while it may still change (`conflict`, saying why, once it may not). */
  async editable(actor: Actor, workshopId: string, at: Date): Promise<{ workshop: Workshop; survey: Survey }> {
    const workshop = await Workshops.organized(actor, workshopId);
    const locked = surveyLockedReason(workshop, (await SurveyStore.counters(workshop.id)).invited ?? 0, at);
    if (locked) refused('conflict', locked);
    return { workshop, survey: await surveyOf(workshop.id) };
  },

  /** Replaces the questions (timing left out stays): `invalid` with field messages, `conflict` once it may not change. */
  async save(actor: Actor, workshopId: string, input: SurveyInput, at: Date): Promise<Outcome<{ workshop: Workshop; survey: Survey }>> {
    const workshop = await Workshops.organized(actor, workshopId);
    const saved = await attempt(() => saveSurvey(workshop, input, at));
    if (!saved.ok) return saved;
    await AuditLog.record(actor.id, 'survey-updated', workshop.id, at);
    return done({ workshop, survey: saved.value });
  },
};
