import type { Workshop } from '../model';
import { CancelHtml, WorkshopHtml, cancelLinkNote, workshopText } from './details';
import { renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface WaitlistedMailInput {
  workshop: Workshop;
  position: number;
  cancelUrl: string;
}

/** On the waitlist: the position and how to leave. No join link, no address: no place yet. */
export const waitlistedMail = ({ workshop, position, cancelUrl }: WaitlistedMailInput): MailContent => {
  const subject = 'You are on the waitlist';
  const positionLine = `You are number ${position} on the waitlist.`;
  const promise = 'If a place opens up, we email you at once with the details. You do not need to do anything.';
  return renderMail({
    subject,
    preview: `${subject}. The details are inside.`,
    text: [
      'Hello,',
      `${positionLine} ${promise}`,
      workshopText(workshop),
      `Want to leave the waitlist? Use this link: ${cancelUrl}\n${cancelLinkNote}`,
    ],
    children: (
      <>
        <h1 style={mailStyle.heading}>{subject}</h1>
        <p style={mailStyle.paragraph}>
          <strong>{positionLine}</strong> {promise}
        </p>
        <WorkshopHtml workshop={workshop} />
        <CancelHtml lead="Want to leave the waitlist?" linkText="Leave the waitlist" cancelUrl={cancelUrl} />
      </>
    ),
  });
};
