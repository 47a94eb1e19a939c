import { campaignsInventory } from './campaigns/inventory';
import { consoleInventory } from './console/inventory';
import { kernelInventory, type InventoryEntry } from './kernel/inventory';
import { mailInventory } from './mail/inventory';
import { mailingListInventory } from './mailing-list/inventory';
import { peopleInventory } from './people/inventory';
import { groupsInventory } from './groups/inventory';
import { surveysInventory } from './surveys/inventory';
import { workshopsInventory } from './workshops/inventory';

/**
 * Hearth's data inventory: every capability's own items (`<capability>/inventory.ts`), in one list.
 * Like the catalog and the OpenAPI document, this file names every capability (a composition root).
 * Reminders store nothing of their own (their schedules live in EventBridge Scheduler).
 */
export const inventory: readonly InventoryEntry[] = [
  ...workshopsInventory,
  ...surveysInventory,
  ...mailingListInventory,
  ...campaignsInventory,
  ...consoleInventory,
  ...groupsInventory,
  ...peopleInventory,
  ...mailInventory,
  ...kernelInventory,
];
