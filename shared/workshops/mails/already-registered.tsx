import type { Registration, Workshop } from '../model';
import { isDiscreet, sessionDate } from '../discreet';
import { CancelHtml, PlaceHtml, WorkshopHtml, cancelLinkNote, placeText, workshopText } from './details';
import { renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface AlreadyRegisteredMailInput {
  workshop: Workshop;
  /** Confirmed or waitlisted, as it is now. */
  registration: Registration;
  /** The current waitlist position (waitlisted only). */
  position?: number;
  cancelUrl: string;
}

/**
 * Someone asked to register an address that already holds a place or a waitlist ticket. The answer
 * they saw was the same as for anyone; this mail, to the address only, says what it already has, as
 * it is now: a place (time in the workshop's zone, how to join, the calendar file, the cancel link)
 * or the current waitlist position (no join link or address: no place yet).
 */
export const alreadyRegisteredMail = ({ workshop, registration, position, cancelUrl }: AlreadyRegisteredMailInput): MailContent => {
  const confirmed = registration.status === 'confirmed';
  const heading = confirmed ? 'You already have a place' : 'You are already on the waitlist';
  const discreet = isDiscreet(workshop);
  const subject = discreet ? `Your session on ${sessionDate(workshop)}: ${heading.toLowerCase()}` : heading;
  const asked = 'Someone asked to register this email address again for a session it is already registered for. If that was you: nothing has changed.';
  const notYou = 'If it was not you, you do not need to do anything: nobody else can see this mail or change your registration.';
  const have = confirmed
    ? 'You already have a place. Here are the current details, with a calendar file and a link to cancel.'
    : `${position ? `You are number ${position} on the waitlist.` : 'You are on the waitlist.'} If a place opens up, we email you at once with the details.`;
  const calendarNote = 'A calendar file is attached. Open it to add the session to your calendar.';
  const cancel = confirmed
    ? { lead: "Can't make it?", linkText: 'Cancel my registration', text: `Can't make it? Cancel here: ${cancelUrl}\n${cancelLinkNote} If you cancel, your place goes to someone else.` }
    : { lead: 'Want to leave the waitlist?', linkText: 'Leave the waitlist', text: `Want to leave the waitlist? Use this link: ${cancelUrl}\n${cancelLinkNote}` };
  return renderMail({
    subject,
    discreet,
    preview: `${heading}. Nothing has changed; the details are inside.`,
    text: ['Hello,', asked, have, workshopText(workshop), confirmed && placeText(workshop), confirmed && calendarNote, cancel.text, notYou],
    children: (
      <>
        <h1 style={mailStyle.heading}>{heading}</h1>
        <p style={mailStyle.paragraph}>{asked}</p>
        <p style={mailStyle.paragraph}>
          <strong>{have}</strong>
        </p>
        <WorkshopHtml workshop={workshop} />
        {confirmed ? <PlaceHtml workshop={workshop} /> : null}
        {confirmed ? <p style={mailStyle.paragraph}>{calendarNote}</p> : null}
        <CancelHtml lead={cancel.lead} linkText={cancel.linkText} cancelUrl={cancelUrl} />
        <p style={mailStyle.paragraph}>{notYou}</p>
      </>
    ),
  });
};
