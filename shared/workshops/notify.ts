import { eachRecipient } from '../kernel/fan-out';
import { logger } from '../log';
import { sendMail, type Mail } from '../mail/send';
import type { MailContent } from '../ui/mail/layout';
import { alreadyRegisteredMail } from './mails/already-registered';
import { confirmationMail } from './mails/confirmation';
import { registrationCancelledMail } from './mails/registration-cancelled';
import { waitlistedMail } from './mails/waitlisted';
import { workshopCancelledMail } from './mails/workshop-cancelled';
import { workshopChangedMail } from './mails/workshop-changed';
import { calendarAttachment } from './calendar';
import type { DataOf } from '../events/define';
import type { RegistrationCancelled, RegistrationConfirmed, RegistrationRepeated, RegistrationWaitlisted, WorkshopCancelled, WorkshopRescheduled } from './events';
import { cancelUrl } from './links';
import { RegistrationStore, type RegistrationItem } from './registration-store';
import { RepeatMarks } from './repeat-mark-store';
import { WorkshopStore, type WorkshopItem } from './workshop-store';

/**
 * The mails of the registration capability, one function per event. Each mail's ledger key is the
 * event id plus the registration id, so a redelivered event never mails anyone twice, and a mail is
 * only sent while it is still true (a cancelled registration gets no stale confirmation).
 */
const load = async (workshopId: string, registrationId: string) => {
  const { registration, workshopItem } = await RegistrationStore.getWithWorkshop(workshopId, registrationId);
  return workshopItem && registration ? { workshop: WorkshopStore.fromItem(workshopItem), registration } : undefined;
};

const deliver = async (key: string, to: string, content: MailContent, at: Date, attachments?: Mail['attachments']) => {
  const outcome = await sendMail({ key, to, ...content, ...(attachments ? { attachments } : {}) }, at);
  logger.info('Mail', { mailKey: key, outcome });
  return outcome;
};

export const mailConfirmation = async (eventId: string, data: DataOf<typeof RegistrationConfirmed>, at: Date) => {
  const found = await load(data.workshopId, data.registrationId);
  if (!found || found.registration.status !== 'confirmed' || found.workshop.status === 'cancelled') return;
  const { workshop, registration } = found;
  const content = confirmationMail({ workshop, registration, cancelUrl: await cancelUrl(workshop, registration.id), via: data.via });
  await deliver(`${eventId}`, registration.email, content, at, [calendarAttachment({ workshop, registration, cancelled: false })]);
};

/**
 * The waitlist position a mail states. A ticket is issued, then queued by a second write: while a
 * ticket ahead is between the two, counting the queued entries ahead would say one too few. So the
 * count is taken when every issued ticket is queued or has left (the workshop's counters agree
 * with the entries), waiting a little for that under a burst; after ~2 s it is taken as it is.
 */
const settledPosition = async (workshopId: string, ticket: number): Promise<number> => {
  for (let attempt = 0; ; attempt++) {
    const [position, waiting, workshop] = await Promise.all([
      RegistrationStore.position(workshopId, ticket),
      RegistrationStore.waitingCount(workshopId),
      WorkshopStore.get(workshopId),
    ]);
    const inFlight = workshop ? workshop.waitlistSeq - workshop.waitlistLeft - waiting : 0;
    if (inFlight <= 0 || attempt >= 20) return position;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export const mailWaitlisted = async (eventId: string, data: DataOf<typeof RegistrationWaitlisted>, at: Date) => {
  const found = await load(data.workshopId, data.registrationId);
  if (!found || found.registration.status !== 'waitlisted' || found.registration.waitlistTicket === undefined) return;
  const { workshop, registration } = found;
  const position = await settledPosition(workshop.id, found.registration.waitlistTicket);
  const content = waitlistedMail({ workshop, position, cancelUrl: await cancelUrl(workshop, registration.id) });
  await deliver(eventId, registration.email, content, at);
};

/**
 * "You already have a place" (or the current waitlist position), to the address of a registration
 * someone asked for again: only while the workshop is still ahead and the registration active, and
 * at most once per registration per 10 minutes (the repeat mark, claimed by one conditional write;
 * then the ledger under the event id, so a redelivery never mails twice).
 */
export const mailRepeated = async (eventId: string, data: DataOf<typeof RegistrationRepeated>, occurredAt: string, at: Date) => {
  const found = await load(data.workshopId, data.registrationId);
  if (!found || found.workshop.status !== 'published' || Date.parse(found.workshop.startsAt) <= at.getTime()) return;
  const { workshop, registration } = found;
  if (registration.status === 'cancelled' || (registration.status === 'waitlisted' && registration.waitlistTicket === undefined)) return;
  if (!(await RepeatMarks.claim(workshop.id, registration.id, eventId, new Date(occurredAt)))) return;
  const cancel = await cancelUrl(workshop, registration.id);
  if (registration.status === 'confirmed') {
    const content = alreadyRegisteredMail({ workshop, registration, cancelUrl: cancel });
    await deliver(eventId, registration.email, content, at, [calendarAttachment({ workshop, registration, cancelled: false })]);
    return;
  }
  const position = await RegistrationStore.position(workshop.id, registration.waitlistTicket!);
  await deliver(eventId, registration.email, alreadyRegisteredMail({ workshop, registration, position, cancelUrl: cancel }), at);
};

export const mailRegistrationCancelled = async (eventId: string, data: DataOf<typeof RegistrationCancelled>, at: Date) => {
  const found = await load(data.workshopId, data.registrationId);
  if (!found || found.registration.status !== 'cancelled' || found.registration.erasedAt) return;
  await deliver(eventId, found.registration.email, registrationCancelledMail({ workshop: found.workshop }), at);
};

/** Every registrant who still holds a place or a waitlist ticket. */
const activeRegistrations = async (workshop: WorkshopItem): Promise<RegistrationItem[]> =>
  (await RegistrationStore.listForWorkshop(workshop.id)).filter((registration) => registration.status !== 'cancelled');

export const mailRescheduled = async (eventId: string, data: DataOf<typeof WorkshopRescheduled>, at: Date) => {
  const workshop = await WorkshopStore.get(data.workshopId);
  // A newer change has its own event with the newest details; this one would only confuse.
  if (!workshop || workshop.status !== 'published' || workshop.sequence !== data.sequence) return;
  await eachRecipient(await activeRegistrations(workshop), async (registration) => {
    const content = workshopChangedMail({ workshop, registration, cancelUrl: await cancelUrl(workshop, registration.id), changed: data.changed });
    const attachments = registration.status === 'confirmed' ? [calendarAttachment({ workshop, registration, cancelled: false })] : undefined;
    await deliver(`${eventId}:${registration.id}`, registration.email, content, at, attachments);
  });
};

export const mailWorkshopCancelled = async (eventId: string, data: DataOf<typeof WorkshopCancelled>, at: Date) => {
  const workshop = await WorkshopStore.get(data.workshopId);
  if (!workshop || workshop.status !== 'cancelled') return;
  await eachRecipient(await activeRegistrations(workshop), async (registration) => {
    const content = workshopCancelledMail({ workshop, ...(workshop.cancellationMessage ? { message: workshop.cancellationMessage } : {}) });
    const attachments = registration.status === 'confirmed' ? [calendarAttachment({ workshop, registration, cancelled: true })] : undefined;
    await deliver(`${eventId}:${registration.id}`, registration.email, content, at, attachments);
  });
};
