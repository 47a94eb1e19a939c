import { countCampaignFeedback } from '../../shared/campaigns/delivery/feedback';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { EmailComplaintReceived } from '../../shared/mail/ses-events';
import { suppressComplained } from '../../shared/mail/suppress';

export const handler = consumer(EmailComplaintReceived, async (detail) => {
  const at = now();
  await suppressComplained(detail, at);
  await countCampaignFeedback(detail.mail.tags, 'complained', at);
});
