import type { InventoryEntry } from '../kernel/inventory';

/** What support groups store (docs/data-model.md), for the data inventory (shared/inventory.ts). */
export const groupsInventory: readonly InventoryEntry[] = [
  {
    entity: 'group',
    owner: 'groups',
    keys: { pk: 'GROUP#', sk: 'GROUP' },
    about: 'A support group as its organizers set it up: title, series, place, capacity.',
    personal: {
      facilitator: { what: 'The facilitator’s name, as the organizer typed it.', why: 'Shown on the public page so people know who leads the group.' },
    },
    other: [
      'approval', 'capacity', 'createdAt', 'description', 'durationMinutes', 'excludedDates', 'firstDate', 'id', 'location', 'membership', 'onlineUrl',
      'organizerIds', 'recurrence', 'reminderOffsetsMinutes', 'startTime', 'status', 'timezone', 'title', 'updatedAt', 'waitlist',
    ],
    kept: 'As long as the organisation keeps the group; the organizers can change or remove the facilitator’s name.',
    removal: 'on-request',
  },
];
