import { makeEvent, type DataOf } from '../events/define';
import { fanOut } from '../events/fan-out';
import { logger } from '../log';
import { sendMail } from '../mail/send';
import { Suppressions } from '../mail/suppression-store';
import { surveyMail } from './mails/survey';
import { Registrations, Workshops, type WorkshopItem } from '../workshops/port';
import { SurveyBatchDue, type SurveyDue, type SurveyReminderDue } from './events';
import { surveyLinkExpiry, surveyUrl } from './links';
import { surveyRecipients } from './recipients';
import { surveyTiming } from './settings';
import { SurveyStore, type Invitee } from './survey-store';
import { eachRecipient } from '../kernel/fan-out';

/**
 * Sending a workshop's survey and its one reminder.
 * 1. Survey Due (a one-time schedule at endsAt + delay): if the workshop is still published and
 *    still ends when the schedule thought, its recipients (checked in, or every confirmed registrant
 *    when nobody was checked in) are fanned out as batch events.
 * 2. Survey Reminder Due: the invitees who have not answered, fanned out the same way, unless the
 *    reminder was switched off since.
 * 3. Each batch mails each person once (ledger keys `survey:<workshop>:<registration>` and
 *    `survey-reminder:…`): an invitation first writes the invitee marker (counted once, in the same
 *    transaction); a reminder goes only to an invitee whose marker is not answered.
 */

export const invitationMailKey = (workshopId: string, registrationId: string) => `survey:${workshopId}:${registrationId}`;
export const reminderMailKey = (workshopId: string, registrationId: string) => `survey-reminder:${workshopId}:${registrationId}`;

/** The workshop a schedule was made for, or undefined if it was cancelled or moved since. */
const current = async (workshopId: string, endsAt: string): Promise<WorkshopItem | undefined> => {
  const workshop = await Workshops.get(workshopId);
  if (!workshop || workshop.status !== 'published') {
    logger.info('Survey skipped: the workshop is not published', { workshopId, status: workshop?.status ?? 'missing' });
    return undefined;
  }
  if (Date.parse(workshop.endsAt) !== Date.parse(endsAt)) {
    logger.info('Survey skipped: the workshop was moved since this was scheduled', { workshopId });
    return undefined;
  }
  return workshop;
};

const batchEvent = (eventId: string, workshopId: string, kind: 'invitation' | 'reminder', at: Date) => (ids: string[]) =>
  makeEvent(SurveyBatchDue, `${eventId}:${ids[0]}`, { workshopId, kind, registrationIds: ids }, at.toISOString());

export const sendSurveys = async (eventId: string, data: DataOf<typeof SurveyDue>, at: Date): Promise<void> => {
  const workshop = await current(data.workshopId, data.endsAt);
  if (!workshop) return;
  const { attendedOnly, pages } = await surveyRecipients(workshop.id);
  const result = await fanOut(pages, batchEvent(eventId, workshop.id, 'invitation', at));
  logger.info('Survey fanned out', { workshopId: workshop.id, attendedOnly, ...result });
};

export const sendSurveyReminders = async (eventId: string, data: DataOf<typeof SurveyReminderDue>, at: Date): Promise<void> => {
  const workshop = await current(data.workshopId, data.endsAt);
  if (!workshop) return;
  if ((await surveyTiming(workshop.id)).reminderAfterHours === null) {
    logger.info('Survey reminder skipped: switched off', { workshopId: workshop.id });
    return;
  }
  const result = await fanOut(SurveyStore.unansweredPages(workshop.id), batchEvent(eventId, workshop.id, 'reminder', at));
  logger.info('Survey reminder fanned out', { workshopId: workshop.id, ...result });
};

export const mailSurveyBatch = async (_eventId: string, data: DataOf<typeof SurveyBatchDue>, at: Date): Promise<void> => {
  const { workshopId, kind } = data;
  const workshop = await Workshops.get(workshopId);
  if (!workshop || workshop.status !== 'published') return;
  if (kind === 'reminder' && (await surveyTiming(workshopId)).reminderAfterHours === null) return;
  await eachRecipient(data.registrationIds, async (registrationId) => {
    const registration = await Registrations.get(workshopId, registrationId);
    if (!registration || registration.status !== 'confirmed') return;
    let invitee: Invitee | undefined;
    if (kind === 'invitation') {
      // An address that bounced or complained, or was erased at its owner's request, gets nothing, and is not counted as invited.
      if (!registration.email || (await Suppressions.find(registration.email))) {
        logger.info('Survey skipped: address suppressed', { workshopId, registrationId });
        return;
      }
      invitee = (await SurveyStore.invite(workshopId, registrationId, at)).invitee;
    } else {
      invitee = await SurveyStore.invitee(workshopId, registrationId);
      if (!invitee || invitee.answered) return;
    }
    const content = surveyMail({
      workshop,
      url: await surveyUrl(workshopId, registrationId, invitee.invitedAt),
      expiresAt: surveyLinkExpiry(invitee.invitedAt),
      kind,
    });
    const key = kind === 'invitation' ? invitationMailKey(workshopId, registrationId) : reminderMailKey(workshopId, registrationId);
    const outcome = await sendMail({ key, to: registration.email, ...content }, at);
    logger.info('Mail', { mailKey: key, outcome });
  });
};
