import { CampaignScheduleChanged } from '../../shared/campaigns/events';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { syncCampaignSchedule } from '../../shared/campaigns/schedule';

export const handler = consumer(CampaignScheduleChanged, async ({ data }) => {
  await syncCampaignSchedule(data.campaignId, now());
});
