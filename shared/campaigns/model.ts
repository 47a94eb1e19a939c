import * as z from 'zod/mini';
import '../zod-locale';
import { emailAddress } from '../kernel/email';
import { CAMPAIGN_COUNTERS, type CampaignCounter } from './keys';

/**
 * The shapes of advocacy campaigns: what organizers send (API and console), what is stored, what
 * is shown. A campaign is written as a draft, then sent now or scheduled; its delivery (planning,
 * batches, final states, auto-pause) belongs to ./delivery.
 *
 *   draft ──send──▶ sending ──(every recipient final)──▶ sent
 *     │  └─schedule─▶ scheduled ──(its time)──▶ sending ◀──resume── paused ◀──(auto-pause)── sending
 *     └──cancel──▶ cancelled ◀──cancel── scheduled, paused
 */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export type CampaignCounters = Record<CampaignCounter, number>;

export interface PauseBaseline {
  sent: number;
  bounced: number;
  complained: number;
}

export interface Campaign {
  id: string;
  /** One line; shown in inbox lists, so the console asks for neutral words. Never a merge field. */
  subject: string;
  /** Markdown; rendered and sanitised per mail (./render.ts). */
  bodyMarkdown: string;
  /** Topic slugs; empty: every confirmed subscriber. */
  topics: string[];
  status: CampaignStatus;
  /** When a scheduled campaign starts (UTC ISO); kept after it started. */
  scheduledAt?: string;
  startedAt?: string;
  finishedAt?: string;
  /** Why the delivery engine paused it (e.g. the bounce rate), for the organizer. */
  pausedReason?: string;
  pausedAt?: string;
  /**
   * The counters when it last paused by itself: after a resume, the bounce and complaint rates are
   * judged on the sends that follow (shared/campaigns/delivery/progress.ts).
   */
  autoPauseBaseline?: PauseBaseline;
  /** The last resume: the id of its Campaign Resumed event derives from it. */
  resumedAt?: string;
  cancelledAt?: string;
  /** When its recipient rows (address copies) were erased, 30 days after it ended (./retention.ts). */
  recipientsErasedAt?: string;
  /** An organizer id, or `api-key:<key id>`; never an address. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  counters: CampaignCounters;
  /** True once the whole audience is planned into batches (until then `recipients` grows). */
  planned: boolean;
}

export const emptyCounters = (): CampaignCounters =>
  Object.fromEntries(CAMPAIGN_COUNTERS.map((name) => [name, 0])) as CampaignCounters;

/** Counts an organizer reads: queued is whoever is planned and not final yet. */
export interface CampaignCounts {
  recipients: number;
  queued: number;
  sent: number;
  suppressed: number;
  failed: number;
  unsubscribed: number;
  bounced: number;
  complained: number;
}

export const countsOf = (campaign: Pick<Campaign, 'counters'>): CampaignCounts => {
  const { recipients, sent, suppressed, failed, unsubscribed, bounced, complained } = campaign.counters;
  return { recipients, queued: Math.max(0, recipients - sent - suppressed - failed), sent, suppressed, failed, unsubscribed, bounced, complained };
};

/* ------------------------------------------------------------------------------------------------
 * Input.
 * --------------------------------------------------------------------------------------------- */

export const SUBJECT_MAX = 200;
export const BODY_MAX = 50_000;
export const TOPICS_MAX = 50;

/**
 * Control characters, and the Unicode line and paragraph separators that some clients break lines
 * at: none may reach a mail header.
 */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The text on one line: each run of control characters or line separators becomes one space, then trimmed. */
// eslint-disable-next-line security/detect-non-literal-regexp -- built from the constant LINE_BREAKING above, never from input
export const oneLine = (value: string): string => value.replace(new RegExp(LINE_BREAKING.source + '+', 'g'), ' ').trim();

export const subjectSchema = z.string('Must be text').check(
  z.trim(),
  z.minLength(1, 'Required'),
  z.maxLength(SUBJECT_MAX, `At most ${SUBJECT_MAX} characters`),
  z.refine((value) => !LINE_BREAKING.test(value), 'Must be on one line, without line breaks or control characters'),
);

/** Markdown: any text with line breaks and tabs, but no other control characters. Not trimmed (indentation means something). */
export const bodySchema = z.string('Must be text').check(
  z.maxLength(BODY_MAX, `At most ${BODY_MAX.toLocaleString('en-US')} characters`),
  z.refine((value) => value.trim().length > 0, 'Required'),
  z.refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'Must not contain control characters'),
);

/** Topic names as organizers and subscribers know them; resolved to slugs (unknown names: 400). */
export const topicNamesSchema = z
  .array(z.string('Must be a topic name').check(z.trim(), z.minLength(1, 'Must not be empty'), z.maxLength(100, 'At most 100 characters')), 'Must be a list of topic names')
  .check(z.maxLength(TOPICS_MAX, `At most ${TOPICS_MAX} topics`));

export const NewCampaign = z.strictObject({
  subject: subjectSchema,
  bodyMarkdown: bodySchema,
  /** Topic names; none or empty: every confirmed subscriber. */
  topics: z.optional(topicNamesSchema),
});
export type NewCampaign = z.infer<typeof NewCampaign>;

/** PATCH of a draft: any of the fields, at least one. */
export const CampaignChanges = z
  .partial(z.strictObject({ subject: subjectSchema, bodyMarkdown: bodySchema, topics: topicNamesSchema }))
  .check(z.refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change', path: ['_'] }));
export type CampaignChanges = z.infer<typeof CampaignChanges>;

const instant = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date and time with an offset, e.g. 2026-12-01T18:00:00-05:00' });

/** Send now (no `at`, or a time already past) or schedule (`at` in the future). */
export const SendCampaign = z.strictObject({ at: z.optional(instant) });
export type SendCampaign = z.infer<typeof SendCampaign>;

export const TestCampaign = z.strictObject({
  to: emailAddress('Must be an email address'),
});
export type TestCampaign = z.infer<typeof TestCampaign>;

/** `GET …/recipients` query: a state filter, a page size and the cursor of the previous page. */
export const RECIPIENT_STATES = ['queued', 'sent', 'suppressed', 'failed'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const RecipientQuery = z.object({
  state: z.optional(z.enum(RECIPIENT_STATES, `Must be one of ${RECIPIENT_STATES.join(', ')}`)),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2000, 'Not a cursor from this API'))),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,4}$/, 'Must be a whole number from 1 to 200')),
      z.transform((value) => Number(value)),
    ).check(z.refine((value) => value >= 1 && value <= 200, 'Must be a whole number from 1 to 200')),
  ),
});

/* ------------------------------------------------------------------------------------------------
 * Output (the JSON API). zod schemas, so the OpenAPI document comes from the same definition.
 * --------------------------------------------------------------------------------------------- */

export const CampaignCountsJson = z.object({
  recipients: z.int(),
  queued: z.int(),
  sent: z.int(),
  suppressed: z.int(),
  failed: z.int(),
  unsubscribed: z.int(),
  bounced: z.int(),
  complained: z.int(),
});

export const CampaignJson = z.object({
  id: z.string(),
  subject: z.string(),
  bodyMarkdown: z.string(),
  /** Topic names; empty: every confirmed subscriber. */
  topics: z.array(z.string()),
  status: z.enum(CAMPAIGN_STATUSES),
  scheduledAt: z.optional(z.string()),
  startedAt: z.optional(z.string()),
  finishedAt: z.optional(z.string()),
  pausedReason: z.optional(z.string()),
  cancelledAt: z.optional(z.string()),
  /** When its recipients' address copies were erased (HEARTH_RETENTION_CAMPAIGN_RECIPIENTS_DAYS after it ended); the counts stay. */
  recipientsErasedAt: z.optional(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** True once the whole audience is planned into batches; until then `recipients` grows. */
  planned: z.boolean(),
});
export type CampaignJson = z.infer<typeof CampaignJson>;

export const CampaignAnswer = z.object({ campaign: CampaignJson, counts: CampaignCountsJson });

export const CampaignSummaryJson = z.object({
  id: z.string(),
  subject: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  topics: z.array(z.string()),
  scheduledAt: z.optional(z.string()),
  createdAt: z.string(),
  counts: CampaignCountsJson,
});

export const RecipientJson = z.object({
  subscriberId: z.string(),
  email: z.string(),
  state: z.enum(RECIPIENT_STATES),
  reason: z.optional(z.string()),
  at: z.optional(z.string()),
});

export const RecipientsAnswer = z.object({ recipients: z.array(RecipientJson), cursor: z.nullable(z.string()) });

export const TestAnswer = z.object({ outcome: z.enum(['sent', 'suppressed']), to: z.string() });
