import { countCampaignFeedback } from '../../shared/campaigns/delivery/feedback';
import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { EmailBounced } from '../../shared/mail/ses-events';
import { suppressBounced } from '../../shared/mail/suppress';

export const handler = consumer(EmailBounced, async (detail) => {
  const at = now();
  await suppressBounced(detail, at);
  if (detail.bounce.bounceType === 'Permanent') await countCampaignFeedback(detail.mail.tags, 'bounced', at);
});
