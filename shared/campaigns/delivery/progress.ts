import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config';
import { db, isConditionFailure } from '../../db/client';
import { logger } from '../../log';
import { CampaignStore } from '../campaign-store';
import { pauseCampaign } from '../campaigns';
import { campaignKey } from '../keys';
import type { Campaign } from '../model';

/**
 * When a campaign is finished, and when it must stop by itself.
 *
 * - `sent` only when the whole audience is planned and every batch is done, i.e. every recipient
 *   is in a final state: one conditional write on exactly that, so it cannot be marked early.
 * - Paused by itself when, after at least 200 sends, its bounce rate passes 4% or its complaint rate
 *   0.08% (what SES itself reviews accounts for); the organizer sees why and resumes or cancels.
 */
export const AUTO_PAUSE = { minimumSent: 200, bounceRate: 0.04, complaintRate: 0.0008 } as const;

export const checkCompletion = async (campaignId: string, at: Date): Promise<boolean> => {
  try {
    await db().send(
      new UpdateCommand({
        TableName: config.tableName,
        Key: campaignKey(campaignId),
        UpdateExpression: 'SET #status = :sent, finishedAt = :at, updatedAt = :at',
        ConditionExpression: '#status = :sending AND planned = :yes AND batchesDone = batches',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':yes': true, ':at': at.toISOString() },
      }),
    );
    logger.info('Campaign sent', { campaignId });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** Why the campaign should pause now, or undefined. */
export const autoPauseReason = (campaign: Pick<Campaign, 'counters'>): string | undefined => {
  const { sent, bounced, complained } = campaign.counters;
  if (sent < AUTO_PAUSE.minimumSent) return undefined;
  const percent = (value: number) => `${(value * 100).toFixed(2).replace(/\.?0+$/, '')}%`;
  if (bounced / sent > AUTO_PAUSE.bounceRate) {
    return `Paused by Hearth: ${bounced} of ${sent} mails bounced (${percent(bounced / sent)}), more than ${percent(AUTO_PAUSE.bounceRate)}. Check the list for old or mistyped addresses before resuming.`;
  }
  if (complained / sent > AUTO_PAUSE.complaintRate) {
    return `Paused by Hearth: ${complained} of ${sent} recipients marked it as spam (${percent(complained / sent)}), more than ${percent(AUTO_PAUSE.complaintRate)}. Check who is on the list and why before resuming.`;
  }
  return undefined;
};

/** Pauses a sending campaign whose rates passed the limits; answers the campaign as it is now. */
export const pauseIfUnhealthy = async (campaignId: string, at: Date): Promise<Campaign | undefined> => {
  const campaign = await CampaignStore.get(campaignId);
  if (!campaign || campaign.status !== 'sending') return campaign;
  const reason = autoPauseReason(campaign);
  if (!reason) return campaign;
  const paused = await pauseCampaign(campaignId, reason, at);
  if (paused) logger.warn('Campaign paused by itself', { campaignId, sent: campaign.counters.sent, bounced: campaign.counters.bounced, complained: campaign.counters.complained });
  return CampaignStore.get(campaignId);
};
