import { config } from '../../config';
import type { Workshop } from '../model';
import { isDiscreet, sessionDate } from '../discreet';
import { WorkshopHtml, workshopText } from './details';
import { MailLink, renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface WorkshopCancelledMailInput {
  workshop: Workshop;
  /** The organizers' words; defaults to the message stored with the cancellation. Shown as plain text. */
  message?: string;
}

/** The organizers cancelled the whole session. */
export const workshopCancelledMail = ({ workshop, message }: WorkshopCancelledMailInput): MailContent => {
  const heading = 'A session you registered for is cancelled';
  const discreet = isDiscreet(workshop);
  const subject = discreet ? `Your session on ${sessionDate(workshop)} is cancelled` : heading;
  const note = (message ?? workshop.cancellationMessage ?? '').trim();
  const lead = 'The organizers have cancelled this session. You do not need to do anything.';
  const calendar = 'If it is in your calendar, you can remove it.';
  const others = 'You can find other upcoming sessions here:';
  const url = `${config.baseUrl}/`;
  return renderMail({
    subject,
    discreet,
    preview: `${heading}.`,
    text: ['Hello,', lead, workshopText(workshop), note && `Message from the organizers:\n${note}`, calendar, `${others} ${url}`],
    children: (
      <>
        <h1 style={mailStyle.heading}>{heading}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        <WorkshopHtml workshop={workshop} />
        {note ? (
          <>
            <h2 style={mailStyle.subheading}>Message from the organizers</h2>
            {/* Plain text; line breaks kept by white-space: pre-line, never by injecting markup. */}
            <p style={mailStyle.quote}>{note}</p>
          </>
        ) : null}
        <p style={mailStyle.paragraph}>{calendar}</p>
        <p style={mailStyle.paragraph}>
          {others} <MailLink href={url} />
        </p>
      </>
    ),
  });
};
