import type { Workshop } from '../model';
import { isDiscreet, sessionDate } from '../discreet';
import { CancelHtml, WorkshopHtml, cancelLinkNote, workshopText } from './details';
import { renderDetailsMail, type MailContent } from '../../ui/mail/layout';

export interface WaitlistedMailInput {
  workshop: Workshop;
  position: number;
  cancelUrl: string;
}

/** On the waitlist: the position and how to leave. No join link, no address: no place yet. */
export const waitlistedMail = ({ workshop, position, cancelUrl }: WaitlistedMailInput): MailContent => {
  const heading = 'You are on the waitlist';
  const discreet = isDiscreet(workshop);
  const subject = discreet ? `Your session on ${sessionDate(workshop)}: you are on the waitlist` : heading;
  const positionLine = `You are number ${position} on the waitlist.`;
  const promise = 'If a place opens up, we email you at once with the details. You do not need to do anything.';
  return renderDetailsMail({
    subject,
    heading,
    discreet,
    lead: `${positionLine} ${promise}`,
    leadHtml: (
      <>
        <strong>{positionLine}</strong> {promise}
      </>
    ),
    text: [workshopText(workshop), `Want to leave the waitlist? Use this link: ${cancelUrl}\n${cancelLinkNote}`],
    children: (
      <>
        <WorkshopHtml workshop={workshop} />
        <CancelHtml lead="Want to leave the waitlist?" linkText="Leave the waitlist" cancelUrl={cancelUrl} />
      </>
    ),
  });
};
