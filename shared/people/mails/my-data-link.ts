import type { MailContent } from '../../ui/mail/layout';
import { linkMail } from '../../ui/mail/link-mail';

/** The /my-data link: works once, for 15 minutes, and opens a page with a button. Sent for any address. */
export const myDataMail = ({ url }: { url: string }): MailContent =>
  linkMail({
    subject: 'Your link to see your data',
    lead: 'Someone (we hope you) asked to see what we hold about this email address. Use this link; it works once, within 15 minutes:',
    url,
    linkText: 'See what we hold about this address',
    textLink: 'after-lead',
    how: 'The link opens a page with a "Show my data" button. The page then lists everything we hold about this address, and lets you download it.',
    notYou: 'If you did not ask, you can ignore this email: nobody can see the data without the link.',
  });
