import * as z from 'zod/mini';
import '../zod-locale';
import { config } from '../config';
import { signToken, verifyToken } from '../tokens';

/**
 * The personal survey link. Its token has its own purpose (a cancel link cannot open a survey, nor
 * the other way round) and names the workshop and the registration by their random ids only; it
 * works for 30 days from the invitation; the reminder carries a token of its own for the same
 * invitation, with the same expiry. The answer never stores it: using it only marks the invitee as
 * answered.
 */
const SURVEY = 'survey';
export const SURVEY_LINK_DAYS = 30;

const surveyData = z.object({ w: z.string().check(z.minLength(1), z.maxLength(64)), r: z.string().check(z.minLength(1), z.maxLength(64)) });

/** Until when a link made for an invitation at `invitedAt` works. */
export const surveyLinkExpiry = (invitedAt: string | Date): Date => new Date(new Date(invitedAt).getTime() + SURVEY_LINK_DAYS * 24 * 3600 * 1000);

export const surveyUrl = async (workshopId: string, registrationId: string, invitedAt: string | Date): Promise<string> => {
  const token = await signToken(SURVEY, { w: workshopId, r: registrationId }, surveyLinkExpiry(invitedAt));
  return `${config.baseUrl}/survey?token=${encodeURIComponent(token)}`;
};

export const readSurveyToken = async (token: string | undefined, at: Date) => {
  const result = await verifyToken(token, SURVEY, surveyData, at);
  return result.ok ? { ok: true as const, workshopId: result.value.w, registrationId: result.value.r } : result;
};
