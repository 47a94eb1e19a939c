import type { MailContent } from '../../ui/mail/layout';
import { linkMail } from '../../ui/mail/link-mail';

/** The organizer's sign-in link: works once, for 15 minutes, and opens a page with a button. */
export const signInMail = ({ url }: { url: string }): MailContent =>
  linkMail({
    subject: 'Your sign-in link',
    lead: 'Use this link to sign in to the organizer console. It works once, within 15 minutes:',
    url,
    linkText: 'Sign in to the organizer console',
    textLink: 'after-lead',
    how: 'The link opens a page with a "Sign in" button; you are signed in when you press it.',
    notYou: 'If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.',
  });

/** A new organizer's invitation: where to sign in. It holds no token; they ask for their own link. */
export const organizerInvitationMail = ({ url, role }: { url: string; role: 'admin' | 'organizer' }): MailContent =>
  linkMail({
    subject: 'You can now use the organizer console',
    lead: `You have been added as ${role === 'admin' ? 'an admin' : 'an organizer'}. To sign in, open this page and enter this email address:`,
    url,
    textLink: 'after-lead',
    how: 'We then email you a sign-in link. There is no password to remember.',
    notYou: 'If you did not expect this, you can ignore this email, or tell the person who added you.',
  });
