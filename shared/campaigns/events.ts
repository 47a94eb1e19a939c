import * as z from 'zod/mini';
import '../zod-locale';
import { defineEvent, makeEvent, type OutgoingEvent } from '../events/define';
import { id, instant } from '../events/fields';
import { SCHEDULE_SOURCE } from '../events/sources';

/**
 * Events of advocacy campaigns. Ids only. Sending is event-driven and fans out:
 * the send request, or Campaign Send Due (a one-time schedule) → Campaign Audience Page Due (one
 * page of the audience at a time, a few batches each, the next page its own event) → Campaign Batch
 * Due (one batch of recipients) → final states and counts.
 */

/** A scheduled campaign's time came (a one-time schedule). */
export const CampaignSendDue = defineEvent({
  source: SCHEDULE_SOURCE,
  detailType: 'Campaign Send Due',
  schemaVersion: 1,
  data: z.strictObject({ campaignId: id, scheduledAt: instant }),
});

/** Something changed when a campaign is due: scheduled, rescheduled or cancelled. */
export const CampaignScheduleChanged = defineEvent({
  source: 'hearth.campaigns',
  detailType: 'Campaign Schedule Changed',
  schemaVersion: 1,
  data: z.strictObject({ campaignId: id }),
});

/**
 * One page of the audience to plan into batches; page 0 (cursor null) is published when the campaign
 * becomes `sending` (sent now, or its schedule fired); `cursor` is where the previous page ended.
 */
export const CampaignAudiencePageDue = defineEvent({
  source: 'hearth.campaigns',
  detailType: 'Campaign Audience Page Due',
  schemaVersion: 1,
  data: z.strictObject({ campaignId: id, page: z.number().check(z.int(), z.gte(0)), cursor: z.nullable(z.string().check(z.maxLength(2000))) }),
});

/** One batch of recipients to send to. */
export const CampaignBatchDue = defineEvent({
  source: 'hearth.campaigns',
  detailType: 'Campaign Batch Due',
  schemaVersion: 1,
  data: z.strictObject({ campaignId: id, batchId: id }),
});

/** A paused campaign was resumed: its unfinished batches go out again. */
export const CampaignResumed = defineEvent({
  source: 'hearth.campaigns',
  detailType: 'Campaign Resumed',
  schemaVersion: 1,
  data: z.strictObject({ campaignId: id }),
});

/** Page `page` of a campaign's audience. Its id is the page's, so publishing it again is the same event. */
export const audiencePageEvent = (campaignId: string, page: number, cursor: string | null, at: Date): OutgoingEvent =>
  makeEvent(CampaignAudiencePageDue, `campaign-audience:${campaignId}:${page}`, { campaignId, page, cursor }, at.toISOString());

/** One batch of a campaign, by the batch's id (so again: the same event). */
export const batchEvent = (campaignId: string, batchId: string, at: Date): OutgoingEvent =>
  makeEvent(CampaignBatchDue, `campaign-batch:${campaignId}:${batchId}`, { campaignId, batchId }, at.toISOString());

/**
 * A campaign ended (sent, or cancelled after it started) HEARTH_RETENTION_CAMPAIGN_RECIPIENTS_DAYS
 * ago: its batches' copies of the recipients' addresses go, the counts stay (./retention.ts). Put on
 * the bus by a one-time schedule.
 */
export const CampaignRetentionDue = defineEvent({
  source: SCHEDULE_SOURCE,
  detailType: 'Campaign Retention Due',
  schemaVersion: 1,
  data: z.strictObject({ campaignId: id, endedAt: instant }),
});
