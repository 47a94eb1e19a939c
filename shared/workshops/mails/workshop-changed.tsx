import type { Registration, Workshop } from '../model';
import { isDiscreet, sessionDate } from '../discreet';
import { CancelHtml, PlaceHtml, WorkshopHtml, cancelLinkNote, placeText, workshopText } from './details';
import { renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface WorkshopChangedMailInput {
  workshop: Workshop;
  registration: Registration;
  cancelUrl: string;
  changed: ('time' | 'place')[];
}

const whatChanged = (changed: WorkshopChangedMailInput['changed']): string => {
  const time = changed.includes('time');
  const place = changed.includes('place');
  if (time && place) return 'The time and the place of a session you registered for have changed.';
  if (place) return 'The place of a session you registered for has changed.';
  return 'The time of a session you registered for has changed.';
};

/**
 * Time or place changed. Confirmed registrants get the new join link or address and an updated
 * calendar file; waitlisted ones only the new time (they have no place yet).
 */
export const workshopChangedMail = ({ workshop, registration, cancelUrl, changed }: WorkshopChangedMailInput): MailContent => {
  const heading = 'A session you registered for has changed';
  const discreet = isDiscreet(workshop);
  // The date is the new one: the old one is in the mail they had before.
  const subject = discreet ? `Your session on ${sessionDate(workshop)}: the details have changed` : heading;
  const confirmed = registration.status === 'confirmed';
  const lead = `${whatChanged(changed)} Here are the new details.`;
  const calendarNote = 'An updated calendar file is attached. Opening it updates the session in your calendar.';
  const waitlistNote = 'You are still on the waitlist. If a place opens up, we email you at once with the details.';
  const cancelLead = confirmed ? "Can't make it now?" : 'Want to leave the waitlist?';
  return renderMail({
    subject,
    discreet,
    preview: `${heading}. The new details are inside.`,
    text: [
      'Hello,',
      lead,
      workshopText(workshop),
      confirmed ? placeText(workshop) : waitlistNote,
      confirmed && calendarNote,
      confirmed
        ? `${cancelLead} Cancel here: ${cancelUrl}\n${cancelLinkNote} If you cancel, your place goes to someone else.`
        : `${cancelLead} Use this link: ${cancelUrl}\n${cancelLinkNote}`,
    ],
    children: (
      <>
        <h1 style={mailStyle.heading}>{heading}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        <WorkshopHtml workshop={workshop} />
        {confirmed ? (
          <>
            <PlaceHtml workshop={workshop} />
            <p style={mailStyle.paragraph}>{calendarNote}</p>
          </>
        ) : (
          <p style={mailStyle.paragraph}>{waitlistNote}</p>
        )}
        <CancelHtml
          lead={cancelLead}
          linkText={confirmed ? 'Cancel my registration' : 'Leave the waitlist'}
          cancelUrl={cancelUrl}
        />
      </>
    ),
  });
};
