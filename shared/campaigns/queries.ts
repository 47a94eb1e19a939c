import { attempt, refuse, Refused, type Outcome } from '../kernel/refusal';
import { Subscribers, Topics, topicNames, type Topic } from '../mailing-list/port';
import { getCampaign, previewMail } from './campaigns';
import { InvalidRecipientCursorError, RecipientStore, type RecipientLine } from './delivery/recipient-store';
import type { Campaign, RecipientState } from './model';
import type { CampaignMail } from './render';

/** What organizers read about one campaign: the console's campaign page, the API's recipients. */

export interface CampaignDetail {
  campaign: Campaign;
  /** Every topic (the edit form offers them), and the campaign's own by name. */
  topics: Topic[];
  topicNames: string[];
  /** Confirmed subscribers matching now (drafts). */
  audience?: number;
  /** The mail as it will be sent (drafts and scheduled campaigns). */
  preview?: CampaignMail;
  /** The first who did not get it (once sending began). */
  problems?: { failed: RecipientLine[]; suppressed: RecipientLine[] };
}

/** Everything a campaign's status shows, read at once: its audience and preview before sending, who did not get it after. */
export const campaignDetail = async (campaignId: string, at: Date): Promise<CampaignDetail> => {
  const [campaign, topics] = await Promise.all([getCampaign(campaignId), Topics.list()]);
  const names = topicNames(campaign.topics, topics);
  const delivering = Boolean(campaign.startedAt);
  const [audience, preview, failed, suppressed] = await Promise.all([
    campaign.status === 'draft' ? Subscribers.countAudience(campaign.topics) : undefined,
    campaign.status === 'draft' || campaign.status === 'scheduled' ? previewMail(campaign, names, at) : undefined,
    delivering ? RecipientStore.list(campaign.id, { state: 'failed', limit: 20 }) : undefined,
    delivering ? RecipientStore.list(campaign.id, { state: 'suppressed', limit: 20 }) : undefined,
  ]);
  return {
    campaign,
    topics,
    topicNames: names,
    ...(audience !== undefined ? { audience } : {}),
    ...(preview ? { preview } : {}),
    ...(failed && suppressed ? { problems: { failed: failed.recipients, suppressed: suppressed.recipients } } : {}),
  };
};

export interface RecipientPageQuery {
  state?: RecipientState;
  cursor?: string;
  limit?: number;
}

/** One page of a campaign's recipients (50 unless asked); a cursor not from this list is refused on its field. */
export const campaignRecipients = (campaignId: string, query: RecipientPageQuery): Promise<Outcome<{ recipients: RecipientLine[]; cursor: string | null }>> =>
  attempt(async () => {
    await getCampaign(campaignId);
    try {
      return await RecipientStore.list(campaignId, { ...(query.state ? { state: query.state } : {}), cursor: query.cursor ?? null, limit: query.limit ?? 50 });
    } catch (error) {
      if (error instanceof InvalidRecipientCursorError) {
        throw new Refused(refuse('invalid', 'Some fields need attention', { fields: { cursor: 'Not a cursor from this list; start again without it' } }));
      }
      throw error;
    }
  });
