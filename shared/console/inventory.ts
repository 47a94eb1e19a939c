import type { InventoryEntry } from '../kernel/inventory';

/** What the organizer console stores (docs/data-model.md), for the data inventory (shared/inventory.ts). */
export const consoleInventory: readonly InventoryEntry[] = [
  {
    entity: 'organizer',
    owner: 'console',
    keys: { pk: 'ORG#', sk: 'ORGANIZER' },
    about: 'Someone who may use the organizer console, and their role.',
    personal: { email: { what: 'The organizer’s email address.', why: 'To send them sign-in links.' } },
    other: ['createdAt', 'id', 'role', 'roleChangedAt'],
    kept: 'Until an admin removes them.',
    removal: 'on-request',
  },
  {
    entity: 'sign-in link',
    owner: 'console',
    keys: { pk: 'SIGNIN#', sk: 'SIGNIN' },
    about: 'A one-time sign-in link that was mailed (by a hash of its token).',
    personal: { email: { what: 'The address the link was sent to.', why: 'To sign that organizer in.' } },
    other: ['usedAt', 'validUntil'],
    kept: 'A day after the link lapses (15 minutes), then removed by TTL.',
    removal: 'ttl',
  },
  {
    entity: 'session',
    owner: 'console',
    keys: { pk: 'SESSION#', sk: 'SESSION' },
    about: 'A signed-in console session (by a hash of its id).',
    personal: { email: { what: 'Whose session it is.', why: 'To know who is signed in, with the role they have now.' } },
    other: ['createdAt', 'csrf', 'revokedAt', 'validUntil'],
    kept: 'A day after its 12 hours, then removed by TTL.',
    removal: 'ttl',
  },
  {
    entity: 'API key',
    owner: 'console',
    keys: { pk: 'APIKEY#', sk: 'APIKEY' },
    about: 'A key for the organizer API (by a hash of the key), its name, scopes and dates.',
    personal: {},
    other: ['createdAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role', 'scopes'],
    kept: 'Until an admin deletes it.',
    removal: 'kept',
  },
];
