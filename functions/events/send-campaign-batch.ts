import { sendCampaignBatch } from '../../shared/campaigns/delivery/send-batch';
import { CampaignBatchDue } from '../../shared/campaigns/events';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';

export const handler = consumer(CampaignBatchDue, ({ data }) => sendCampaignBatch(data, now()));
