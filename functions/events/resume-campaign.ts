import { releaseBatches } from '../../shared/campaigns/delivery/plan';
import { CampaignResumed } from '../../shared/campaigns/events';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';

export const handler = consumer(CampaignResumed, async ({ data }) => {
  await releaseBatches(data.campaignId, now());
});
