import { countsOf, type Campaign, type CampaignJson } from './model';

/**
 * What the organizer API answers about a campaign: the campaign with its topics by name (as they
 * were sent), and its counts. The shapes are the zod schemas in ./model.ts (and the OpenAPI document).
 */
const campaignJson = (campaign: Campaign, names: (slugs: readonly string[]) => string[]): CampaignJson => ({
  id: campaign.id,
  subject: campaign.subject,
  bodyMarkdown: campaign.bodyMarkdown,
  topics: names(campaign.topics),
  status: campaign.status,
  ...(campaign.scheduledAt ? { scheduledAt: campaign.scheduledAt } : {}),
  ...(campaign.startedAt ? { startedAt: campaign.startedAt } : {}),
  ...(campaign.finishedAt ? { finishedAt: campaign.finishedAt } : {}),
  ...(campaign.pausedReason ? { pausedReason: campaign.pausedReason } : {}),
  ...(campaign.cancelledAt ? { cancelledAt: campaign.cancelledAt } : {}),
  ...(campaign.recipientsErasedAt ? { recipientsErasedAt: campaign.recipientsErasedAt } : {}),
  createdBy: campaign.createdBy,
  createdAt: campaign.createdAt,
  updatedAt: campaign.updatedAt,
  planned: campaign.planned,
});

export const campaignAnswer = (campaign: Campaign, names: (slugs: readonly string[]) => string[]) => ({
  campaign: campaignJson(campaign, names),
  counts: countsOf(campaign),
});

export const campaignSummary = (campaign: Campaign, names: (slugs: readonly string[]) => string[]) => ({
  id: campaign.id,
  subject: campaign.subject,
  status: campaign.status,
  topics: names(campaign.topics),
  ...(campaign.scheduledAt ? { scheduledAt: campaign.scheduledAt } : {}),
  createdAt: campaign.createdAt,
  counts: countsOf(campaign),
});
