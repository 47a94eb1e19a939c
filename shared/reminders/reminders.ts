import type { DataOf } from '../events/define';
import { makeEvent } from '../events/define';
import { fanOut } from '../events/fan-out';
import { logger } from '../log';
import { sendMail } from '../mail/send';
import { reminderMail } from './mails/reminder';
import { calendarUrl, cancelUrl, type Registration, Registrations, Workshops, type WorkshopItem } from '../workshops/port';
import { ReminderBatchDue, type ReminderDue } from './events';
import { reminderDueAt } from './offsets';
import { eachRecipient } from '../kernel/fan-out';

/**
 * Reminders before a workshop. A one-time schedule puts ReminderDue on the bus at startsAt − offset
 * (shared/reminders/schedules.ts keeps the schedules in step with the workshop):
 * 1. sendReminders checks the workshop is still as scheduled and fans the confirmed registrants out,
 *    25 ids per ReminderBatchDue;
 * 2. mailReminderBatch checks again and mails each registrant who held a place at the reminder's
 *    time, once: the ledger key names the workshop, the registrant, the start and the offset, so a
 *    duplicate, a retry or an overlapping batch never mails twice, and a rescheduled workshop's
 *    reminders are new mails.
 */
type Reminder = DataOf<typeof ReminderDue>;

/**
 * The workshop, if this reminder still applies to it: published, starting when the schedule was
 * made for (a schedule that raced a reschedule is stale: the new one has its own), still with this
 * offset, and not started yet (a reminder after the start helps nobody).
 */
const currentWorkshop = async (reminder: Reminder, at: Date): Promise<WorkshopItem | undefined> => {
  const workshop = await Workshops.get(reminder.workshopId);
  const why = !workshop
    ? 'workshop gone'
    : workshop.status !== 'published'
      ? `workshop ${workshop.status}`
      : Date.parse(workshop.startsAt) !== Date.parse(reminder.startsAt)
        ? 'workshop rescheduled'
        : !workshop.reminderOffsetsMinutes.includes(reminder.offsetMinutes)
          ? 'offset no longer chosen'
          : at.getTime() >= Date.parse(workshop.startsAt)
            ? 'workshop started'
            : undefined;
  if (why) {
    logger.info('Reminder skipped', { workshopId: reminder.workshopId, offsetMinutes: reminder.offsetMinutes, why });
    return undefined;
  }
  return workshop;
};

/** The ledger key of one reminder to one registrant. */
export const reminderMailKey = (reminder: Reminder, registrationId: string): string =>
  `reminder:${reminder.workshopId}:${registrationId}:${new Date(reminder.startsAt).toISOString()}:${reminder.offsetMinutes}`;

/**
 * Whether a registrant gets a reminder due at `due`: confirmed now, and since before `due`. Someone
 * who registered or was promoted from the waitlist after the reminder's time had their confirmation
 * with the details just then; this reminder would be stale.
 */
export const remindable = (registration: Registration, due: Date): boolean =>
  registration.status === 'confirmed' && Date.parse(registration.confirmedAt ?? registration.createdAt) <= due.getTime();

export const sendReminders = async (eventId: string, data: Reminder, at: Date): Promise<void> => {
  const workshop = await currentWorkshop(data, at);
  if (!workshop) return;
  const startsAt = new Date(workshop.startsAt).toISOString();
  const { batches, ids } = await fanOut(Registrations.confirmedIdPages(workshop.id), (registrationIds) =>
    makeEvent(
      ReminderBatchDue,
      `${eventId}:${registrationIds[0]}`,
      { workshopId: workshop.id, startsAt, offsetMinutes: data.offsetMinutes, registrationIds },
      at.toISOString(),
    ),
  );
  logger.info('Reminder fanned out', { workshopId: workshop.id, offsetMinutes: data.offsetMinutes, batches, registrations: ids });
};

export const mailReminderBatch = async (_eventId: string, data: DataOf<typeof ReminderBatchDue>, at: Date): Promise<void> => {
  const workshop = await currentWorkshop(data, at);
  if (!workshop) return;
  const due = reminderDueAt(workshop.startsAt, data.offsetMinutes);
  const registrations = (await Registrations.getMany(workshop.id, data.registrationIds)).filter((registration) => remindable(registration, due));
  await eachRecipient(registrations, async (registration) => {
    const key = reminderMailKey(data, registration.id);
    const [cancel, calendar] = await Promise.all([cancelUrl(workshop, registration.id), calendarUrl(workshop, registration.id)]);
    const content = reminderMail({ workshop, registration, offsetMinutes: data.offsetMinutes, cancelUrl: cancel, calendarUrl: calendar });
    const outcome = await sendMail({ key, to: registration.email, ...content }, at);
    logger.info('Mail', { mailKey: key, outcome });
  });
};
