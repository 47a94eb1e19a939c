import type { InventoryEntry } from '../kernel/inventory';

/** What the mailing list stores (docs/data-model.md), for the data inventory (shared/inventory.ts). */
export const mailingListInventory: readonly InventoryEntry[] = [
  {
    entity: 'subscriber',
    owner: 'mailing-list',
    keys: { pk: 'SUB#', sk: 'SUB' },
    about: 'Someone who asked to get the organisation’s mailings, and what they chose.',
    personal: {
      email: { what: 'The email address.', why: 'To send the mailings the person asked for.' },
      displayName: { what: 'A name, if the person gave one.', why: 'So a mailing can greet them by it.' },
      topics: { what: 'The topics the person chose.', why: 'To send only the mailings they want.' },
      consent: { what: 'When and how the person agreed, and the words they agreed to.', why: 'To show that they asked to be on the list.' },
    },
    other: ['confirmedAt', 'createdAt', 'erasedAt', 'id', 'status', 'unsubscribedAt', 'unsubscribedCampaignId', 'updatedAt'],
    kept: 'While the person is on the list; 30 days after they leave (HEARTH_RETENTION_SUBSCRIBER_LEFT_DAYS), the address, name, topics and consent are erased by a scheduled sweep; the dates stay.',
    removal: 'sweep',
    sweptBy: 'erase-left-subscriber',
  },
  {
    entity: 'subscriber email claim',
    owner: 'mailing-list',
    keys: { pk: 'SUBEMAIL#', sk: 'SUBEMAIL' },
    about: 'One subscriber per address, found by a keyed hash of the address (which a copy of the table cannot reverse).',
    personal: {},
    other: ['subscriberId'],
    kept: 'As long as the subscriber: after they left and their address was erased, this keyed hash keeps an import from adding them back. Deleted when the person has everything erased on /my-data (the suppression list then keeps the hash).',
    removal: 'kept',
  },
  {
    entity: 'topic',
    owner: 'mailing-list',
    keys: { pk: 'TOPIC#', sk: 'TOPIC' },
    about: 'A topic people can choose, as an admin named it.',
    personal: {},
    other: ['createdAt', 'name', 'slug'],
    kept: 'As long as the organisation keeps it.',
    removal: 'kept',
  },
];
