import type { HttpResult } from '../../http/response';
import type { Workshop } from '../../workshops/model';
import { TextAreaField, TextField } from '../../ui/forms/fields';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formatWhen } from '../../kernel/zoned-time';
import { consolePage, type ConsoleOrganizer, consoleFormPage } from './layout';
import { messagePath, rosterPath } from './roster';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { people } from '../labels';
import { isDiscreet } from '../../workshops/discreet';

/**
 * Writing to everyone with a confirmed place in a workshop. Works without JavaScript: the server
 * validates and shows the form again with the typed words, an error summary and each error next to
 * its field. The form carries a message id made when it was shown, so pressing "Send" twice sends
 * one message.
 */

export const messageFields = [
  { name: 'subject', label: 'Subject' },
  { name: 'text', label: 'Message' },
] as const;

export type MessageWorkshop = Pick<Workshop, 'id' | 'title' | 'startsAt' | 'endsAt' | 'timezone' | 'status' | 'discreet'>;

export interface MessagePageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshop: MessageWorkshop;
  /** People with a confirmed place now: who the message goes to. */
  recipientCount: number;
  /** The id this form sends under (a repeat of the same words is one message). */
  messageId: string;
  values?: { subject?: string; text?: string };
  errors?: Record<string, string>;
  formError?: string;
  subjectMax: number;
  textMax: number;
  status?: number;
}


export const MessageView = ({ workshop, csrfToken, recipientCount, messageId, values = {}, errors = {}, formError, subjectMax, textMax }: Omit<MessagePageProps, 'organizer' | 'status'>) => {
  const cancelled = workshop.status === 'cancelled';
  return (
    <>
      <ErrorSummary errors={errors} formError={formError} fields={messageFields} />
      <p>
        <a href={rosterPath(workshop.id)}>Back to the roster</a>
      </p>
      <h1>Message everyone with a place</h1>
      <p>
        {workshop.title}, {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}
      </p>
      {cancelled ? (
        <p class="notice">This workshop is cancelled, so no messages can be sent for it. Everyone was emailed about the cancellation.</p>
      ) : recipientCount === 0 ? (
        <p class="notice">Nobody has a confirmed place yet, so there is nobody to send a message to.</p>
      ) : (
        <>
          <p>
            This goes by email to the <strong>{people(recipientCount)}</strong> with a confirmed place. People on the waitlist do
            not get it. Each person gets it once, with the session’s date and title and the crisis resources at the end.
          </p>
          <form method="post" action={messagePath(workshop.id)}>
            <CsrfInput token={csrfToken} />
            <input type="hidden" name="messageId" value={messageId} />
            <TextField
              name="subject"
              label="Subject"
              hint={
                isDiscreet(workshop)
                  ? 'This workshop is discreet: the mail’s subject is “A message about your session on” and its date, and your subject opens the message inside. One line, without < or >.'
                  : 'Shown in inbox lists and on lock screens, where others may see it. Keep it neutral, for example “About Thursday’s session”. One line, without < or >.'
              }
              error={errors.subject}
              required
              maxLength={subjectMax}
              value={values.subject}
            />
            <TextAreaField
              name="text"
              label="Message"
              hint={`Plain text, up to ${textMax} characters. Line breaks are kept.`}
              error={errors.text}
              rows={10}
              required
              maxLength={textMax}
              value={values.text}
            />
            <button type="submit">{`Send to ${people(recipientCount)}`}</button>
          </form>
        </>
      )}
    </>
  );
};

export const messagePage = ({ organizer, status, ...props }: MessagePageProps): HttpResult =>
  consoleFormPage('Message everyone with a place', { ...props, organizer, status }, <MessageView {...props} />);

export interface MessageSentPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshop: MessageWorkshop;
  message: { subject: string; recipientCount: number };
}

export const MessageSentView = ({ workshop, message }: Omit<MessageSentPageProps, 'organizer' | 'csrfToken'>) => (
  <>
    <h1>Message sent</h1>
    <p role="status">
      Your message “{message.subject}” goes to <strong>{people(message.recipientCount)}</strong> with a confirmed place. The emails
      go out in the next few minutes; each person gets it once.
    </p>
    <p>People on the waitlist do not get it. Addresses that bounced or complained before are skipped.</p>
    <p>
      <a class="action-link" href={rosterPath(workshop.id)}>
        Back to the roster
      </a>
    </p>
    <p>
      <a class="action-link" href={messagePath(workshop.id)}>
        Write another message
      </a>
    </p>
  </>
);

export const messageSentPage = ({ organizer, csrfToken, ...props }: MessageSentPageProps): HttpResult =>
  consolePage({ title: 'Message sent', organizer, csrfToken, children: <MessageSentView {...props} /> });
