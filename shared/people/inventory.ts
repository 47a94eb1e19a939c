import type { InventoryEntry } from '../kernel/inventory';

/** What a person's own requests store (docs/data-model.md), for the data inventory (shared/inventory.ts). */
export const peopleInventory: readonly InventoryEntry[] = [
  {
    entity: 'my-data link',
    owner: 'people',
    keys: { pk: 'MYDATA#', sk: 'LINK' },
    about: 'A one-time link to see what is held about an address, mailed to that address (by a hash of its token).',
    personal: { email: { what: 'The address that was entered, known or not.', why: 'To send the link there, and to show that address’s data when it is opened.' } },
    other: ['usedAt', 'validUntil'],
    kept: 'A day after the link lapses (15 minutes), then removed by TTL; at once when the address is erased.',
    removal: 'ttl',
  },
  {
    entity: 'erasure token',
    owner: 'people',
    keys: { pk: 'MYDATA#', sk: 'ERASE' },
    about: 'The one-time token of the "Erase everything" button on the page a my-data link opened (by a hash of the token).',
    personal: { email: { what: 'The address whose data the page showed.', why: 'To erase that address’s data when the erasure is confirmed.' } },
    other: ['usedAt', 'validUntil'],
    kept: 'A day after it lapses (15 minutes), then removed by TTL; at once when the address is erased.',
    removal: 'ttl',
  },
];
