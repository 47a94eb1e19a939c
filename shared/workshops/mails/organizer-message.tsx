import type { Workshop } from '../model';
import { isDiscreet, sessionDate } from '../discreet';
import { WorkshopHtml, workshopText } from './details';
import { renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface OrganizerMessageMailInput {
  workshop: Workshop;
  /** The organizer's subject: one line, no markup (validated with plainLine when it was written). */
  subject: string;
  /** The organizer's words, plain text; shown as text, line breaks kept. */
  text: string;
}

/** Never lets a stored subject break the mail's header, whatever wrote it. */
const oneLine = (value: string): string => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

export const organizerMessageHeading = 'A message from the organizers';

/**
 * An organizer's message to the people with a confirmed place. The subject is the organizer's own
 * (they were told it shows in inbox lists); the preview line stays neutral, and the text part opens
 * with a neutral line so a client's preview does not show the workshop title. A discreet workshop's
 * message goes out under a neutral subject with the session's date; the organizer's subject, which
 * may name the group, opens the message inside.
 */
export const organizerMessageMail = ({ workshop, subject, text }: OrganizerMessageMailInput): MailContent => {
  const lead = 'The organizers of a session you have a place in sent you this message:';
  const why = 'You get this because you have a place in this session.';
  const message = text.trim();
  const discreet = isDiscreet(workshop);
  const ownSubject = oneLine(subject);
  const inside = discreet && ownSubject ? ownSubject : undefined;
  return renderMail({
    subject: discreet ? `A message about your session on ${sessionDate(workshop)}` : ownSubject || organizerMessageHeading,
    discreet,
    preview: `${organizerMessageHeading}.`,
    // The organizer's subject after their words in the text part, out of its first line or so (a client's preview).
    text: ['Hello,', lead, message, inside && `Their subject: ${inside}`, workshopText(workshop), why],
    children: (
      <>
        <h1 style={mailStyle.heading}>{organizerMessageHeading}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        {inside ? <h2 style={mailStyle.subheading}>{inside}</h2> : null}
        {/* Plain text; line breaks kept by white-space: pre-line, never by injecting markup. */}
        <p style={mailStyle.quote}>{message}</p>
        <WorkshopHtml workshop={workshop} />
        <p style={mailStyle.paragraph}>{why}</p>
      </>
    ),
  });
};
