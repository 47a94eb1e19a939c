import type { InventoryEntry } from './kernel/inventory';

/**
 * Hearth's data inventory: every capability's own items (`<capability>/inventory.ts`), in one list.
 * Like the catalog and the OpenAPI document, this file names every capability (a composition root).
 */
export const inventory: readonly InventoryEntry[] = [];
