import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { queryPages } from '../db/query';
import { planSchedule, reconcileSchedules, scheduleName, type PlannedSchedule } from '../events/scheduler';
import { daysAfter, erasureInstant, retentionDays } from '../kernel/retention';
import { logger } from '../log';
import { CampaignStore } from './campaign-store';
import { CampaignRetentionDue } from './events';
import { BATCH_PREFIX, campaignKey, campaignPartition } from './keys';
import type { Campaign } from './model';

/**
 * Campaign recipient retention (issue 13): HEARTH_RETENTION_CAMPAIGN_RECIPIENTS_DAYS (30) after a
 * campaign ends, its batches' recipient rows (the copies of the addresses the mails went to, and
 * which subscribers were in each batch) are erased. The batch counters and the campaign's totals
 * (sent, held back, failed, bounced, complained, unsubscribed) stay.
 *
 * | schedule                     | fires at                            | event                   |
 * |------------------------------|-------------------------------------|-------------------------|
 * | campaign-retention-<id>      | finishedAt or cancelledAt + period  | Campaign Retention Due  |
 *
 * Reconciled by the campaign's schedule consumer (Campaign Schedule Changed), which the end of a
 * campaign announces: sent (./delivery/progress.ts) or cancelled (./campaigns.ts). A campaign that
 * never started has no recipients and no such schedule. As with a workshop's, an erasure whose
 * instant has passed runs a minute later rather than never.
 */
const endOf = (campaign: Campaign): string | undefined =>
  campaign.status === 'sent' ? campaign.finishedAt : campaign.status === 'cancelled' && campaign.startedAt ? campaign.cancelledAt : undefined;

export const campaignErasureAt = (campaign: Campaign): Date | undefined => {
  const ended = endOf(campaign);
  return ended ? daysAfter(ended, retentionDays('campaignRecipients')) : undefined;
};

export const planCampaignRetention = (campaignId: string, campaign: Campaign | undefined, now: Date): PlannedSchedule => {
  const due = campaign && !campaign.recipientsErasedAt ? campaignErasureAt(campaign) : undefined;
  const at = due && erasureInstant(due, now);
  return planSchedule(scheduleName('campaign-retention', campaignId), at, CampaignRetentionDue, () => ({ campaignId, endedAt: endOf(campaign!)! }), { active: Boolean(at), now });
};

export const syncCampaignRetention = (campaignId: string, campaign: Campaign | undefined, now: Date): Promise<void> =>
  reconcileSchedules([planCampaignRetention(campaignId, campaign, now)]);

export type CampaignErasure = 'erased' | 'not-due' | 'missing' | 'already-erased';

/** The schedule fired: erase the recipient rows of every batch (a query of the campaign's own partition), then mark the campaign. Safe to repeat. */
export const eraseCampaignRecipients = async (campaignId: string, at: Date): Promise<CampaignErasure> => {
  const campaign = await CampaignStore.get(campaignId);
  if (!campaign) return 'missing';
  if (campaign.recipientsErasedAt) return 'already-erased';
  const due = campaignErasureAt(campaign);
  if (!due || due.getTime() > at.getTime()) return 'not-due';
  let batches = 0;
  const pages = queryPages({
    TableName: config.tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ProjectionExpression: 'pk, sk',
    ExpressionAttributeValues: { ':pk': campaignPartition(campaignId), ':prefix': BATCH_PREFIX },
    ConsistentRead: true,
  });
  for await (const page of pages) {
    for (const item of page) {
      await db().send(new UpdateCommand({ TableName: config.tableName, Key: { pk: String(item.pk), sk: String(item.sk) }, UpdateExpression: 'REMOVE recipients, subscriberIds' }));
      batches++;
    }
  }
  await db().send(
    new UpdateCommand({ TableName: config.tableName, Key: campaignKey(campaignId), UpdateExpression: 'SET recipientsErasedAt = if_not_exists(recipientsErasedAt, :at)', ExpressionAttributeValues: { ':at': at.toISOString() } }),
  );
  logger.info('Campaign recipients erased', { campaignId, batches });
  return 'erased';
};

/**
 * One person asked for erasure (/my-data): their copies in campaign batches go now rather than 30
 * days after each campaign, that is the address, the reason a send failed (which can quote it) and
 * the message id; the final state and its time stay, so per-state totals still add up. Per campaign
 * that still holds recipients, one query of its own partition, filtered to the batches that hold
 * this subscriber. Safe to repeat. Answers how many batches it changed.
 */
export const eraseRecipientCopies = async (subscriberId: string): Promise<number> => {
  const campaigns = (await CampaignStore.list(Number.MAX_SAFE_INTEGER)).filter((campaign) => campaign.startedAt && !campaign.recipientsErasedAt);
  let changed = 0;
  for (const campaign of campaigns) {
    const pages = queryPages({
      TableName: config.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      FilterExpression: 'attribute_exists(recipients.#id.email)',
      ProjectionExpression: 'pk, sk',
      ExpressionAttributeNames: { '#id': subscriberId },
      ExpressionAttributeValues: { ':pk': campaignPartition(campaign.id), ':prefix': BATCH_PREFIX },
      ConsistentRead: true,
    });
    for await (const page of pages) {
      for (const item of page) {
        await db().send(
          new UpdateCommand({
            TableName: config.tableName,
            Key: { pk: String(item.pk), sk: String(item.sk) },
            UpdateExpression: 'REMOVE recipients.#id.email, recipients.#id.reason, recipients.#id.messageId',
            ConditionExpression: 'attribute_exists(recipients.#id)',
            ExpressionAttributeNames: { '#id': subscriberId },
          }),
        );
        changed++;
      }
    }
  }
  if (changed > 0) logger.info('Recipient copies erased', { batches: changed });
  return changed;
};
