import type { InventoryEntry } from '../kernel/inventory';

/** What sending mail stores (docs/data-model.md), for the data inventory (shared/inventory.ts). */
export const mailInventory: readonly InventoryEntry[] = [
  {
    entity: 'mail ledger',
    owner: 'mail',
    keys: { pk: 'MAIL#', sk: 'MAIL' },
    about: 'That one mail was sent (by event and registration ids, never an address), so a retry never sends it twice.',
    personal: {},
    other: ['leaseUntil', 'messageId', 'reason', 'settledAt', 'status'],
    kept: '35 days, then removed by TTL.',
    removal: 'ttl',
  },
  {
    entity: 'suppression',
    owner: 'mail',
    keys: { pk: 'SUPPRESS#', sk: 'SUPPRESS' },
    about: 'An address that bounced or complained, by a keyed hash of it, so no mail goes to it again; or one whose owner had everything erased, so no list import adds it back.',
    personal: {},
    other: ['at', 'erasedAt', 'reason'],
    kept: 'For good: without it, a removed address could be mailed again, or imported again after its erasure.',
    removal: 'kept',
  },
  {
    entity: 'send rate',
    owner: 'mail',
    keys: { pk: 'SENDRATE#', sk: 'RATE' },
    about: 'How many mails were sent in one second, to stay under the sending quota.',
    personal: {},
    other: ['used'],
    kept: 'Minutes, then removed by TTL.',
    removal: 'ttl',
  },
];
