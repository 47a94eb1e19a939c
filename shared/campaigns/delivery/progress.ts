import { makeEvent } from '../../events/define';
import { publish } from '../../events/publish';
import { logger } from '../../log';
import { CampaignScheduleChanged } from '../events';
import { CampaignStore } from '../campaign-store';
import { pauseCampaign } from '../campaigns';
import type { Campaign, PauseBaseline } from '../model';

/**
 * When a campaign is finished, and when it must stop by itself.
 *
 * - `sent` only when the whole audience is planned and every batch is done, i.e. every recipient
 *   is in a final state: one conditional write on exactly that, so it cannot be marked early.
 * - Paused by itself when, after at least 200 sends, its bounce rate passes 4% or its complaint rate
 *   0.08% (what SES itself reviews accounts for); the organizer sees why and resumes or cancels.
 *   The counters at that moment are kept on the campaign (`autoPauseBaseline`), so after a resume
 *   the rates are judged again on the sends that follow.
 */
export const AUTO_PAUSE = { minimumSent: 200, bounceRate: 0.04, complaintRate: 0.0008 } as const;

/**
 * Marks the campaign sent when it is complete. Its end is then announced (Campaign Schedule Changed,
 * one id per campaign) so its recipient rows' erasure is scheduled (../retention.ts); a retry that
 * finds it sent already announces it again, in case the first attempt died in between.
 */
export const checkCompletion = async (campaignId: string, at: Date): Promise<boolean> => {
  const outcome = await CampaignStore.markSentIfComplete(campaignId, at);
  if (outcome === 'incomplete') return false;
  if (outcome === 'marked') logger.info('Campaign sent', { campaignId });
  await publish([makeEvent(CampaignScheduleChanged, `campaign-ended:${campaignId}`, { campaignId }, at.toISOString())]);
  return outcome === 'marked';
};

/**
 * Why the campaign should pause now, or undefined. Counted from `since` (the counters when it last
 * paused by itself): an organizer who resumes has judged what happened before, and the rates are
 * measured again over at least 200 new sends.
 */
export const autoPauseReason = (campaign: Pick<Campaign, 'counters'>, since: PauseBaseline = { sent: 0, bounced: 0, complained: 0 }): string | undefined => {
  const sent = campaign.counters.sent - since.sent;
  const bounced = campaign.counters.bounced - since.bounced;
  const complained = campaign.counters.complained - since.complained;
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
  if (campaign?.status !== 'sending') return campaign;
  const reason = autoPauseReason(campaign, campaign.autoPauseBaseline);
  if (!reason) return campaign;
  const { sent, bounced, complained } = campaign.counters;
  if (await pauseCampaign(campaignId, reason, { sent, bounced, complained }, at)) {
    logger.warn('Campaign paused by itself', { campaignId, sent, bounced, complained });
  }
  return CampaignStore.get(campaignId);
};
