import type { DataOf } from '../../events/define';
import { publish } from '../../events/publish';
import { transact } from '../../db/transact';
import { logger } from '../../log';
import { Subscribers } from '../../mailing-list/port';
import { CampaignStore } from '../campaign-store';
import { audiencePageEvent, batchEvent, type CampaignAudiencePageDue } from '../events';
import { batchId } from '../keys';
import { checkCompletion } from './progress';
import { DeliveryStore } from './delivery-store';

/**
 * Planning a campaign's audience, one page per event: the page's confirmed subscribers (matching
 * the campaign's topics) are cut into batches; the page, its batches and the campaign's counters are
 * written in one transaction that only succeeds once per page; then the batches and the next page
 * are published. Nothing holds more than one page: a list of 100,000 is planned like a list of 10.
 *
 * A repeated delivery of the same page finds the page item and republishes exactly what the first
 * one planned (same event ids, same data), so a crash between the write and the publish loses
 * nothing, and a changed audience between two deliveries cannot plan a page twice.
 */
export const PAGE_SIZE = 500;
export const BATCH_SIZE = 50;

export const planAudiencePage = async (data: DataOf<typeof CampaignAudiencePageDue>, at: Date): Promise<void> => {
  const { campaignId, page } = data;
  let planned = await DeliveryStore.page(campaignId, page);
  if (!planned) {
    const campaign = await CampaignStore.get(campaignId);
    // Only a campaign that is sending (or paused meanwhile: its batches wait for the resume) is planned.
    if (!campaign || !['sending', 'paused'].includes(campaign.status)) {
      logger.info('Campaign page not planned', { campaignId, page, status: campaign?.status ?? 'missing' });
      return;
    }
    const { ids, cursor } = await Subscribers.audiencePage(campaign.topics, data.cursor, PAGE_SIZE);
    const batches: { batchId: string; subscriberIds: string[] }[] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      batches.push({ batchId: batchId(page, i / BATCH_SIZE), subscriberIds: ids.slice(i, i + BATCH_SIZE) });
    }
    const outcome = await transact(DeliveryStore.planPageActions(campaignId, page, batches, cursor));
    planned = outcome.ok ? { batchIds: batches.map((batch) => batch.batchId), nextCursor: cursor } : await DeliveryStore.page(campaignId, page);
    if (!planned) throw new Error(`Planning page ${page} of campaign ${campaignId} failed and left no page`);
    logger.info('Campaign page planned', { campaignId, page, batches: batches.length, recipients: ids.length, last: cursor === null, repeated: !outcome.ok });
  }
  await publish([
    ...planned.batchIds.map((id) => batchEvent(campaignId, id, at)),
    ...(planned.nextCursor !== null ? [audiencePageEvent(campaignId, page + 1, planned.nextCursor, at)] : []),
  ]);
  // The last page: every batch may already be done (a small list), so the campaign may be complete now.
  if (planned.nextCursor === null) await checkCompletion(campaignId, at);
};

/**
 * A resumed campaign (or a paused one that was cancelled): its unfinished batches are handed out
 * again; each batch then sends (or, cancelled, closes) what is left of it.
 */
export const releaseBatches = async (campaignId: string, at: Date): Promise<number> => {
  let released = 0;
  for await (const batches of DeliveryStore.batches(campaignId, { unfinished: true })) {
    await publish(batches.map((batch) => batchEvent(campaignId, batch.batchId, at)));
    released += batches.length;
  }
  logger.info('Campaign batches released', { campaignId, released });
  if (released === 0) await checkCompletion(campaignId, at);
  return released;
};
