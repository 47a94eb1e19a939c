import { config } from '../../config';
import { formatDate } from '../../kernel/zoned-time';
import type { MailContent } from '../../ui/mail/layout';
import { linkMail } from '../../ui/mail/link-mail';

export interface SubscriptionConfirmationInput {
  /** The double opt-in link (`/subscribe/confirm?token=…`). */
  url: string;
  /** Until when the link works. */
  expiresAt: Date;
}

export const subscriptionConfirmationSubject = 'Please confirm your email address';

/**
 * The double opt-in mail: someone asked to join the mailing list with this address. Nothing is sent
 * to the address until its owner confirms. Subject and preview are neutral (no topic, no cause):
 * inbox lists and lock screens are seen by others.
 */
export const subscriptionConfirmationMail = ({ url, expiresAt }: SubscriptionConfirmationInput): MailContent =>
  linkMail({
    subject: subscriptionConfirmationSubject,
    lead: `Someone, probably you, asked to get mailings from ${config.orgName} at this email address. We will only send them once you confirm.`,
    url,
    linkText: 'Confirm my email address',
    textLink: 'labelled',
    how: `The link opens a page with a "Confirm" button; you are on the list when you press it. It works until ${formatDate(expiresAt, 'UTC')}.`,
    notYou: 'If you did not ask for this, you can ignore this email: without your confirmation we send you nothing more.',
  });
