import { CampaignSendDue } from '../../shared/campaigns/events';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { startScheduledCampaign } from '../../shared/campaigns/schedule';

export const handler = consumer(CampaignSendDue, ({ data }) => startScheduledCampaign(data.campaignId, data.scheduledAt, now()));
