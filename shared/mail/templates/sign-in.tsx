import { MailLink, renderMail, type MailContent } from './layout';
import { mailStyle } from './style';

/** The organizer's sign-in link: works once, for 15 minutes, and opens a page with a button. */
export const signInMail = ({ url }: { url: string }): MailContent => {
  const subject = 'Your sign-in link';
  const lead = 'Use this link to sign in to the organizer console. It works once, within 15 minutes:';
  const button = 'The link opens a page with a "Sign in" button; you are signed in when you press it.';
  const notYou = 'If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.';
  return renderMail({
    subject,
    preview: `${subject}.`,
    text: ['Hello,', `${lead} ${url}`, button, notYou],
    children: (
      <>
        <h1 style={mailStyle.heading}>{subject}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        <p style={mailStyle.paragraph}>
          <MailLink href={url}>Sign in to the organizer console</MailLink>
        </p>
        <p style={mailStyle.paragraph}>{button}</p>
        <p style={mailStyle.paragraph}>{notYou}</p>
      </>
    ),
  });
};
