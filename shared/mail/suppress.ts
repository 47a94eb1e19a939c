import type * as z from 'zod/mini';
import { logger } from '../log';
import type { EmailBounced, EmailComplaintReceived } from './ses-events';
import { Suppressions } from './suppression-store';

/**
 * SES feedback. A permanent bounce or any complaint suppresses the address for good; transient
 * bounces (mailbox full, out of office) do not. Idempotent: suppressing twice changes nothing.
 */
export const suppressBounced = async (detail: z.infer<typeof EmailBounced.detail>, at: Date) => {
  if (detail.bounce.bounceType !== 'Permanent') return;
  for (const recipient of detail.bounce.bouncedRecipients) await Suppressions.add(recipient.emailAddress, 'bounce', at);
  logger.info('Suppressed after a bounce', { count: detail.bounce.bouncedRecipients.length });
};

export const suppressComplained = async (detail: z.infer<typeof EmailComplaintReceived.detail>, at: Date) => {
  for (const recipient of detail.complaint.complainedRecipients) await Suppressions.add(recipient.emailAddress, 'complaint', at);
  logger.info('Suppressed after a complaint', { count: detail.complaint.complainedRecipients.length });
};
