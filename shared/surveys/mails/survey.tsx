import { isDiscreet, sessionDate, type Workshop, WorkshopHtml, workshopText } from '../../workshops/port';
import { formatDate } from '../../kernel/zoned-time';
import { MailLink, renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

export interface SurveyMailInput {
  workshop: Workshop;
  /** The personal survey link. */
  url: string;
  /** Until when the link works. */
  expiresAt: Date;
  kind: 'invitation' | 'reminder';
}

export const surveySubjects = {
  invitation: 'How was your session?',
  reminder: 'A reminder: how was your session?',
} as const;

export const surveyPrivacyNote =
  'Your answers are stored without your name, your email address or the time you answered, and the organizers only see them together with the answers of at least 2 other people. Please leave out names and anything else that could identify you or someone else.';

/**
 * The survey invitation after a session, and its one reminder to those who have not answered. The
 * subject and preview are neutral (no title, no topic); the text part opens with a neutral line. A
 * discreet workshop's subject names the session's date, and it goes out under the neutral sender.
 */
export const surveyMail = ({ workshop, url, expiresAt, kind }: SurveyMailInput): MailContent => {
  const discreet = isDiscreet(workshop);
  const on = `your session on ${sessionDate(workshop)}`;
  const subject = discreet ? (kind === 'invitation' ? `How was ${on}?` : `A reminder: how was ${on}?`) : surveySubjects[kind];
  const heading = kind === 'invitation' ? 'How was the session for you?' : 'A reminder: how was the session for you?';
  const lead =
    kind === 'invitation'
      ? 'Thank you for taking part. The organizers would like to hear how the session went for you: a few questions, about two minutes.'
      : 'A few days ago we asked how the session went for you. If you have a moment, your answers help the organizers. This is the only reminder.';
  const action = 'Answer the questions';
  const until = `The link is yours alone and works until ${formatDate(expiresAt, workshop.timezone)}. You can answer once.`;
  const why = 'You get this because you had a place in this session.';
  return renderMail({
    subject,
    discreet,
    preview: 'A few questions about a session. About two minutes.',
    text: ['Hello,', lead, workshopText(workshop), `${action}: ${url}`, until, surveyPrivacyNote, why],
    children: (
      <>
        <h1 style={mailStyle.heading}>{heading}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        <WorkshopHtml workshop={workshop} />
        <p style={mailStyle.paragraph}>
          <MailLink href={url}>{action}</MailLink>
        </p>
        <p style={mailStyle.paragraph}>{until}</p>
        <p style={mailStyle.paragraph}>{surveyPrivacyNote}</p>
        <p style={mailStyle.paragraph}>{why}</p>
      </>
    ),
  });
};
