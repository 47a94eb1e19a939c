import { transact } from '../../db/transact';
import { logger } from '../../log';
import { DeliveryStore } from './delivery-store';
import { pauseIfUnhealthy } from './progress';

/**
 * SES feedback on a campaign mail. Campaign mails carry the SES message tags `campaign` and
 * `subscriber` (ids only), which SES hands back on its bounce and complaint events. A permanent
 * bounce or a complaint marks the recipient once and adds one to the campaign's `bounced` or
 * `complained` counter in the same transaction (a redelivered event counts nothing), then the
 * campaign pauses by itself if its rates passed the limits. Mails without those tags are not
 * campaign mails and are left to the suppression list alone.
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const countCampaignFeedback = async (tags: Record<string, string[]> | undefined, kind: 'bounced' | 'complained', at: Date): Promise<void> => {
  const campaignId = tags?.campaign?.[0];
  const subscriberId = tags?.subscriber?.[0];
  if (!campaignId || !subscriberId || !ID.test(campaignId) || !ID.test(subscriberId)) return;
  const outcome = await transact(DeliveryStore.feedbackActions(campaignId, subscriberId, kind, at));
  logger.info('Campaign feedback', { campaignId, kind, counted: outcome.ok });
  if (outcome.ok) await pauseIfUnhealthy(campaignId, at);
};
