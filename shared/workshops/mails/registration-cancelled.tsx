import { config } from '../../config';
import type { Workshop } from '../model';
import { WorkshopHtml, workshopText } from './details';
import { MailLink, renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';
import { workshopPath } from '../links';
import { isDiscreet, sessionDate } from '../discreet';

export interface RegistrationCancelledMailInput {
  workshop: Workshop;
}

/** Confirms a cancelled registration (by the registrant, or by an organizer). */
export const registrationCancelledMail = ({ workshop }: RegistrationCancelledMailInput): MailContent => {
  const heading = 'Your registration is cancelled';
  const discreet = isDiscreet(workshop);
  const subject = discreet ? `Your session on ${sessionDate(workshop)}: your registration is cancelled` : heading;
  const lead = 'Your registration for this session is cancelled. If it is in your calendar, you can remove it.';
  const again = 'If this was a mistake, you can register again while places or the waitlist are open:';
  const url = `${config.baseUrl}${workshopPath(workshop.id)}`;
  const mistake = 'If you did not ask for this, please contact the organizers.';
  return renderMail({
    subject,
    discreet,
    preview: `${heading}.`,
    text: ['Hello,', lead, workshopText(workshop), `${again} ${url}`, mistake],
    children: (
      <>
        <h1 style={mailStyle.heading}>{heading}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        <WorkshopHtml workshop={workshop} />
        <p style={mailStyle.paragraph}>
          {again} <MailLink href={url}>register again</MailLink>.
        </p>
        <p style={mailStyle.paragraph}>{mistake}</p>
      </>
    ),
  });
};
