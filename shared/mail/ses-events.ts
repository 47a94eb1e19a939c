import { z } from 'zod';
import { defineAwsEvent } from '../events/define';

/**
 * The events SES publishes to EventBridge through a configuration set's event destination. Only the
 * fields Hearth reads are checked; SES adds more, which are passed over.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-eventbridge.html
 */
const mail = z.object({
  messageId: z.string().min(1),
  timestamp: z.string().optional(),
  tags: z.record(z.string(), z.array(z.string())).optional(),
});

export const EmailBounced = defineAwsEvent({
  source: 'aws.ses',
  detailType: 'Email Bounced',
  detail: z.object({
    eventType: z.literal('Bounce'),
    mail,
    bounce: z.object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string().min(3) })).min(1),
      timestamp: z.string().optional(),
    }),
  }),
});

export const EmailComplaintReceived = defineAwsEvent({
  source: 'aws.ses',
  detailType: 'Email Complaint Received',
  detail: z.object({
    eventType: z.literal('Complaint'),
    mail,
    complaint: z.object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string().min(3) })).min(1),
      timestamp: z.string().optional(),
    }),
  }),
});
