import { MailLink, renderMail, type MailContent } from './layout';
import { mailStyle } from './style';

export interface LinkMailOptions {
  subject: string;
  /** What the mail is for; the heading is the subject. */
  lead: string;
  url: string;
  /** The link's words in the HTML part; without them the address itself is the link. */
  linkText?: string;
  /**
   * Where the plain text part puts the address: right after the lead (a lead that ends in ":"),
   * or on a line of its own after the link's words (`Confirm my email address: https://…`).
   */
  textLink: 'after-lead' | 'labelled';
  /** What happens when the link is opened. */
  how: string;
  /** What to do if the person did not ask for this mail. */
  notYou: string;
}

/**
 * A mail whose whole point is one link: a sign-in link, an invitation, a double opt-in. The
 * subject is also the preview line (it names nothing personal), and the parts are in the same order
 * in text and HTML: greeting (text), lead, link, how it works, what to do if it was not you.
 */
export const linkMail = ({ subject, lead, url, linkText, textLink, how, notYou }: LinkMailOptions): MailContent =>
  renderMail({
    subject,
    preview: `${subject}.`,
    text: textLink === 'after-lead' ? ['Hello,', `${lead} ${url}`, how, notYou] : ['Hello,', lead, `${linkText ?? url}: ${url}`, how, notYou],
    children: (
      <>
        <h1 style={mailStyle.heading}>{subject}</h1>
        <p style={mailStyle.paragraph}>{lead}</p>
        <p style={mailStyle.paragraph}>
          <MailLink href={url}>{linkText ?? url}</MailLink>
        </p>
        <p style={mailStyle.paragraph}>{how}</p>
        <p style={mailStyle.paragraph}>{notYou}</p>
      </>
    ),
  });
