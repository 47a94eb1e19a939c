import * as z from 'zod/mini';
import '../zod-locale';
import { defineAwsEvent } from '../events/define';

/**
 * The events SES publishes to EventBridge through a configuration set's event destination. Only the
 * fields Hearth reads are checked; SES adds more, which are passed over.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-eventbridge.html
 */
const mail = z.object({
  messageId: z.string().check(z.minLength(1)),
  timestamp: z.optional(z.string()),
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

export const EmailBounced = defineAwsEvent({
  source: 'aws.ses',
  detailType: 'Email Bounced',
  detail: z.object({
    eventType: z.literal('Bounce'),
    mail,
    bounce: z.object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string().check(z.minLength(3)) })).check(z.minLength(1)),
      timestamp: z.optional(z.string()),
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
      complainedRecipients: z.array(z.object({ emailAddress: z.string().check(z.minLength(3)) })).check(z.minLength(1)),
      timestamp: z.optional(z.string()),
    }),
  }),
});
