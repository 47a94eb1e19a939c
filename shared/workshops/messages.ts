import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import '../zod-locale';
import { makeEvent, type DataOf } from '../events/define';
import { publish } from '../events/publish';
import { logger } from '../log';
import { sendMail } from '../mail/send';
import { organizerMessageMail } from './mails/organizer-message';
import { WorkshopMessageSent } from './events';
import { MessageStore, type WorkshopMessage } from './message-store';
import { RegistrationStore } from './registration-store';
import { WorkshopStore, type WorkshopItem } from './workshop-store';
import { plainLine, plainText } from '../kernel/text';
import { eachRecipient } from '../kernel/fan-out';

/**
 * Organizer messages to the people with a confirmed place.
 * 1. The subject and text are stored on a message item (they may name the group); the event
 *    carries ids only, and its id derives from the message id.
 * 2. The message id comes from the form (made when the form was shown), so pressing "Send" twice
 *    sends one message: the second press finds the same message and re-announces it under the
 *    same event id, which the consumer and the mail ledger recognise.
 * 3. The consumer mails every registrant confirmed at that time, each under its own ledger key
 *    (`<event id>:<registration id>`): a redelivery or a retry after a partial run mails only those
 *    not yet mailed; suppressed addresses are skipped by sendMail.
 */

export const MESSAGE_SUBJECT_MAX = 150;
export const MESSAGE_TEXT_MAX = 5000;

export const MessageInput = z.object({
  subject: plainLine(MESSAGE_SUBJECT_MAX),
  text: plainText(MESSAGE_TEXT_MAX).check(z.minLength(1, 'Required')),
});
export type MessageInput = z.infer<typeof MessageInput>;

/** Message ids are UUIDs, made by the server (the form carries one back). */
export const MessageId = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/));

export const newMessageId = (): string => randomUUID();

export const messageEventId = (messageId: string) => `workshop-message:${messageId}`;

export type SendMessageOutcome =
  | { ok: true; message: WorkshopMessage; repeated: boolean }
  | { ok: false; reason: 'cancelled' | 'nobody' };

const announce = (message: WorkshopMessage) =>
  publish([makeEvent(WorkshopMessageSent, messageEventId(message.id), { workshopId: message.workshopId, messageId: message.id }, message.createdAt)]);

/** Stores and announces an organizer's message to `workshop`'s confirmed registrants. */
export const sendWorkshopMessage = async (
  workshop: Pick<WorkshopItem, 'id' | 'status' | 'confirmedCount'>,
  input: MessageInput,
  sender: { organizerId: string; messageId?: string },
  at: Date,
): Promise<SendMessageOutcome> => {
  if (workshop.status === 'cancelled') return { ok: false, reason: 'cancelled' };
  if (workshop.confirmedCount < 1) return { ok: false, reason: 'nobody' };
  const proposed = sender.messageId && MessageId.safeParse(sender.messageId).success ? sender.messageId : newMessageId();
  const message: WorkshopMessage = {
    id: proposed,
    workshopId: workshop.id,
    subject: input.subject,
    text: input.text,
    sentBy: sender.organizerId,
    createdAt: at.toISOString(),
    recipientCount: workshop.confirmedCount,
  };
  if (!(await MessageStore.create(message))) {
    const existing = await MessageStore.get(workshop.id, proposed);
    if (existing && existing.subject === message.subject && existing.text === message.text) {
      // The same form sent twice: one message. Announce again in case the first attempt died
      // between its write and its event; consumers drop the duplicate.
      await announce(existing);
      return { ok: true, message: existing, repeated: true };
    }
    // The form was reused for different words (back button, edit, send): a new message.
    message.id = newMessageId();
    if (!(await MessageStore.create(message))) throw new Error('A fresh message id was taken');
  }
  await announce(message);
  return { ok: true, message, repeated: false };
};

export const getMessage = (workshopId: string, messageId: string) =>
  MessageId.safeParse(messageId).success ? MessageStore.get(workshopId, messageId) : Promise.resolve(undefined);


/** The consumer of Workshop Message Sent: the message, once, to each confirmed registrant. */
export const mailWorkshopMessage = async (eventId: string, data: DataOf<typeof WorkshopMessageSent>, at: Date): Promise<void> => {
  const [message, workshop] = await Promise.all([MessageStore.get(data.workshopId, data.messageId), WorkshopStore.get(data.workshopId)]);
  if (!message || !workshop) {
    logger.warn('Message or workshop not found; nothing mailed', { workshopId: data.workshopId, messageId: data.messageId });
    return;
  }
  // Cancelled since: the cancellation mail went out; a message about the session would confuse.
  if (workshop.status === 'cancelled') return;
  const confirmed = (await RegistrationStore.listForWorkshop(workshop.id)).filter((registration) => registration.status === 'confirmed');
  const content = organizerMessageMail({ workshop, subject: message.subject, text: message.text });
  await eachRecipient(confirmed, async (registration) => {
    const key = `${eventId}:${registration.id}`;
    const outcome = await sendMail({ key, to: registration.email, ...content }, at);
    logger.info('Mail', { mailKey: key, outcome });
  });
};
