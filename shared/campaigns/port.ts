import type { TransactItem } from '../db/transact';
import { CampaignStore } from './campaign-store';
import { eraseRecipientCopies } from './retention';

/**
 * The campaigns port, for whoever wires the list to campaigns (the unsubscribe handler): a leaving
 * counted on the campaign whose link it came by, as the write that goes into the list's own
 * transaction (`CountUnsubscribe` in shared/mailing-list/subscriptions.ts). The write fails its
 * condition when the campaign does not exist, and the list then leaves without counting.
 */
export const countUnsubscribe = (campaignId: string): TransactItem => CampaignStore.counterAction(campaignId, { unsubscribed: 1 });

/** A person's erasure (/my-data): the copies of their address in campaign batches go now (./retention.ts). */
export const CampaignRecipients = {
  eraseCopiesOf: (subscriberId: string) => eraseRecipientCopies(subscriberId),
};
