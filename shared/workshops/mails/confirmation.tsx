import type { Registration, Workshop } from '../model';
import { isDiscreet, sessionDate } from '../discreet';
import { CancelHtml, PlaceHtml, WorkshopHtml, cancelLinkNote, placeText, workshopText } from './details';
import { renderDetailsMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface ConfirmationMailInput {
  workshop: Workshop;
  registration: Registration;
  cancelUrl: string;
  /** 'waitlist': the place came from the waitlist after someone cancelled. */
  via: 'registration' | 'waitlist';
}

/**
 * "You have a place": time, how to join, facilitator, the attached calendar file and the cancel
 * link. The join link and address are included only while the registration is confirmed.
 */
export const confirmationMail = ({ workshop, registration, cancelUrl, via }: ConfirmationMailInput): MailContent => {
  const discreet = isDiscreet(workshop);
  const heading = via === 'waitlist' ? 'A place opened up for you' : 'Your place is confirmed';
  const subject = discreet ? `Your session on ${sessionDate(workshop)} is confirmed` : 'Your place is confirmed';
  const lead =
    via === 'waitlist'
      ? 'A place opened up and it is yours: you are no longer on the waitlist. Here are the details.'
      : 'You have a place. Here are the details, with a calendar file and a link to cancel.';
  const confirmed = registration.status === 'confirmed';
  const calendarNote = 'A calendar file is attached. Open it to add the session to your calendar.';
  return renderDetailsMail({
    subject,
    heading,
    discreet,
    lead,
    text: [
      workshopText(workshop),
      confirmed && placeText(workshop),
      calendarNote,
      `Can't make it? Cancel here: ${cancelUrl}\n${cancelLinkNote} If you cancel, your place goes to someone else.`,
    ],
    children: (
      <>
        <WorkshopHtml workshop={workshop} />
        {confirmed ? <PlaceHtml workshop={workshop} /> : null}
        <p style={mailStyle.paragraph}>{calendarNote}</p>
        <CancelHtml lead="Can't make it?" linkText="Cancel my registration" cancelUrl={cancelUrl} />
      </>
    ),
  });
};
