import { planAudiencePage } from '../../shared/campaigns/delivery/plan';
import { CampaignAudiencePageDue } from '../../shared/campaigns/events';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';

export const handler = consumer(CampaignAudiencePageDue, ({ data }) => planAudiencePage(data, now()));
