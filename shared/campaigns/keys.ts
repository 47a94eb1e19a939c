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
 * (final states), `unsubscribed`, `bounced`, `complained` (feedback), `batches` and `batchesDone`,
 * and `planned` (true once the whole audience is in batches). `queued` is recipients minus the
 * final states. A campaign is `sent` only when it is planned and every recipient is final.
 */
export const campaignKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' });
export const batchKey = (campaignId: string, batchId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `${BATCH_PREFIX}${batchId}` });
export const campaignIndex = (createdAt: string, campaignId: string) => ({ gsi1pk: 'CAMPAIGN', gsi1sk: `${createdAt}#${campaignId}` });

export const BATCH_PREFIX = 'BATCH#';

/** The counters on the campaign item. */
export const CAMPAIGN_COUNTERS = ['recipients', 'sent', 'suppressed', 'failed', 'unsubscribed', 'bounced', 'complained', 'batches', 'batchesDone'] as const;
export type CampaignCounter = (typeof CAMPAIGN_COUNTERS)[number];
