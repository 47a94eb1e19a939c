/**
 * Keys of advocacy campaigns in Hearth's single table (docs/data-model.md).
 *
 * | item      | pk                   | sk                    | gsi1pk   | gsi1sk              |
 * |-----------|----------------------|-----------------------|----------|---------------------|
 * | campaign  | CAMPAIGN#<id>        | CAMPAIGN              | CAMPAIGN | <createdAt>#<id>    |
 * | page      | CAMPAIGN#<id>        | PAGE#<n, 6 digits>    |          |                     |
 * | batch     | CAMPAIGN#<id>        | BATCH#<batchId>       |          |                     |
 * | feedback  | CAMPAIGN#<id>        | FEEDBACK#<kind>#<subscriberId> |  |                     |
 *
 * A batch holds its recipients' final states (./delivery/delivery-store.ts).
 *
 * The campaign item carries its status and its counters as top-level numbers, each changed only by
 * ADD in the transaction that makes it true: `recipients` (planned), `sent`, `suppressed`, `failed`
 * (final states), `unsubscribed`, `bounced`, `complained` (feedback), `batches` and `batchesDone`;
 * and `planned`, set true in the transaction that plans the last page of the audience. `queued` is
 * recipients minus the final states. A campaign is `sent` only when it is planned and every
 * recipient is final.
 */
export const campaignPartition = (campaignId: string) => `CAMPAIGN#${campaignId}`;
export const campaignKey = (campaignId: string) => ({ pk: campaignPartition(campaignId), sk: 'CAMPAIGN' });
export const pageKey = (campaignId: string, page: number) => ({ pk: campaignPartition(campaignId), sk: `PAGE#${String(page).padStart(6, '0')}` });
export const batchKey = (campaignId: string, batchId: string) => ({ pk: campaignPartition(campaignId), sk: `${BATCH_PREFIX}${batchId}` });
export const feedbackKey = (campaignId: string, kind: 'bounced' | 'complained', subscriberId: string) => ({
  pk: campaignPartition(campaignId),
  sk: `FEEDBACK#${kind}#${subscriberId}`,
});

/** A batch's id: its page (6 digits) and its place in the page (2 digits), so batches sort in order. */
export const batchId = (page: number, index: number) => `${String(page).padStart(6, '0')}-${String(index).padStart(2, '0')}`;
export const BATCH_ID = /^[0-9]{6}-[0-9]{2}$/;
export const campaignIndex = (createdAt: string, campaignId: string) => ({ gsi1pk: 'CAMPAIGN', gsi1sk: `${createdAt}#${campaignId}` });

export const BATCH_PREFIX = 'BATCH#';

/** The counters on the campaign item. */
export const CAMPAIGN_COUNTERS = ['recipients', 'sent', 'suppressed', 'failed', 'unsubscribed', 'bounced', 'complained', 'batches', 'batchesDone'] as const;
export type CampaignCounter = (typeof CAMPAIGN_COUNTERS)[number];
