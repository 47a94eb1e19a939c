import { CampaignRetentionDue } from '../../shared/campaigns/events';
import { eraseCampaignRecipients } from '../../shared/campaigns/retention';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';

/** A campaign ended long enough ago: its recipients' address copies go, the counts stay. */
export const handler = consumer(CampaignRetentionDue, async ({ data }) => {
  await eraseCampaignRecipients(data.campaignId, now());
});
