import { MailLink, renderMail, type MailContent } from '../../ui/mail/layout';
import { mailStyle } from '../../ui/mail/style';

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

/** A new organizer's invitation: where to sign in. It holds no token; they ask for their own link. */
export const organizerInvitationMail = ({ url, role }: { url: string; role: 'admin' | 'organizer' }): MailContent => {
  const subject = 'You can now use the organizer console';
  const lead = `You have been added as ${role === 'admin' ? 'an admin' : 'an organizer'}. To sign in, open this page and enter this email address:`;
  const how = 'We then email you a sign-in link. There is no password to remember.';
  const notYou = 'If you did not expect this, you can ignore this email, or tell the person who added you.';
  return renderMail({
    subject,
    preview: `${subject}.`,
    text: ['Hello,', `${lead} ${url}`, how, notYou],
    children: (
      <>
        <h1 style={mailStyle.heading}>{subject}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        <p style={mailStyle.paragraph}>
          <MailLink href={url}>{url}</MailLink>
        </p>
        <p style={mailStyle.paragraph}>{how}</p>
        <p style={mailStyle.paragraph}>{notYou}</p>
      </>
    ),
  });
};
