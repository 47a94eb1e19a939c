import { logger } from '../log';
import { CampaignStore } from './campaign-store';
import { startSending } from './campaigns';
import { CampaignSendDue } from './events';
import { syncCampaignRetention } from './retention';
import { deleteSchedule, oneTimeSchedule, putSchedule, scheduleName } from '../events/scheduler';

/**
 * A scheduled campaign's one-time schedule `campaign-<id>`, reconciled with the campaign as it is
 * now (Campaign Schedule Changed: scheduled, moved or cancelled): it exists exactly while the
 * campaign is `scheduled` for an instant ahead. A campaign whose instant passed before this ran
 * starts now instead of waiting for a schedule that would never fire. Its recipient rows' erasure
 * schedule, once it ended, is reconciled here too (./retention.ts).
 */
export const syncCampaignSchedule = async (campaignId: string, now: Date): Promise<'scheduled' | 'started' | 'removed'> => {
  const campaign = await CampaignStore.get(campaignId);
  await syncCampaignRetention(campaignId, campaign, now);
  const name = scheduleName('campaign', campaignId);
  if (campaign?.status !== 'scheduled' || !campaign.scheduledAt) {
    await deleteSchedule(name);
    return 'removed';
  }
  const at = new Date(campaign.scheduledAt);
  if (at.getTime() <= now.getTime()) {
    await deleteSchedule(name);
    await startSending(campaignId, now);
    logger.info('Campaign started: its time had passed', { campaignId });
    return 'started';
  }
  await putSchedule(oneTimeSchedule(name, at, CampaignSendDue, { campaignId, scheduledAt: at.toISOString() }));
  return 'scheduled';
};

/** The schedule fired: start the campaign if it is still scheduled for that instant. */
export const startScheduledCampaign = async (campaignId: string, scheduledAt: string, now: Date): Promise<void> => {
  const campaign = await CampaignStore.get(campaignId);
  const due = campaign?.status === 'scheduled' && campaign.scheduledAt !== undefined && Date.parse(campaign.scheduledAt) === Date.parse(scheduledAt);
  // Already sending (a repeated delivery): starting again only republishes the same first page.
  // Cancelled or moved (its new schedule starts it): nothing.
  if (due || campaign?.status === 'sending') await startSending(campaignId, now);
};
