import type { InventoryEntry } from '../kernel/inventory';

/** What campaigns store (docs/data-model.md), for the data inventory (shared/inventory.ts). */
export const campaignsInventory: readonly InventoryEntry[] = [
  {
    entity: 'campaign',
    owner: 'campaigns',
    keys: { pk: 'CAMPAIGN#', sk: 'CAMPAIGN' },
    about: 'A mailing an organizer wrote, who it goes to (by topic), and its counts.',
    personal: {},
    other: [
      'autoPauseBaseline', 'batches', 'batchesDone', 'bodyMarkdown', 'bounced', 'cancelledAt', 'complained', 'createdAt', 'createdBy', 'failed', 'finishedAt', 'id',
      'pausedAt', 'pausedReason', 'planned', 'recipients', 'recipientsErasedAt', 'resumedAt', 'scheduledAt', 'sent', 'startedAt', 'status', 'subject', 'suppressed', 'topics', 'unsubscribed', 'updatedAt',
    ],
    kept: 'As long as the organisation keeps it.',
    removal: 'kept',
  },
  {
    entity: 'campaign page',
    owner: 'campaigns',
    keys: { pk: 'CAMPAIGN#', sk: 'PAGE#' },
    about: 'One page of a campaign’s audience, planned into batches (batch ids and where the next page starts).',
    personal: {},
    other: ['batchIds', 'nextCursor'],
    kept: 'As long as the campaign.',
    removal: 'kept',
  },
  {
    entity: 'campaign batch',
    owner: 'campaigns',
    keys: { pk: 'CAMPAIGN#', sk: 'BATCH#' },
    about: 'Up to 50 recipients of a campaign and what happened to each mail.',
    personal: {
      recipients: { what: 'For each recipient: the address the mail went to, whether it was sent, held back or failed, and why.', why: 'To send each mail once and to show the organizer where the campaign is.' },
      subscriberIds: { what: 'Which subscribers are in the batch (ids).', why: 'To send to each of them once.' },
    },
    other: ['countedFailed', 'countedSent', 'countedSuppressed', 'done', 'failed', 'leaseUntil', 'sent', 'suppressed'],
    kept: '30 days after the campaign ends (HEARTH_RETENTION_CAMPAIGN_RECIPIENTS_DAYS), then erased by a scheduled sweep; the counts stay.',
    removal: 'sweep',
    sweptBy: 'erase-campaign-recipients',
  },
  {
    entity: 'campaign feedback',
    owner: 'campaigns',
    keys: { pk: 'CAMPAIGN#', sk: 'FEEDBACK#' },
    about: 'That one recipient’s mail bounced or was marked as spam (by subscriber id), so it is counted once.',
    personal: {},
    other: ['at'],
    kept: 'As long as the campaign.',
    removal: 'kept',
  },
];
