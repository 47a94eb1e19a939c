import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { retentionFunctions } from '../../shared/catalog-retention';
import { inventory } from '../../shared/inventory';

/**
 * The data inventory and the retention jobs are one list (issue 13 §1): every entity the inventory
 * says a sweep erases names the catalog function that does it, and every function that erases
 * personal data on a schedule sweeps an entity the inventory declares.
 */
const erasers = retentionFunctions.filter((spec) => spec.name.startsWith('erase-')).map((spec) => spec.name);

describe('the retention jobs', () => {
  it('are named by every entity a sweep erases, and each is a function of the catalog', () => {
    const names = new Set(catalog.map((spec) => spec.name));
    for (const entry of inventory.filter((candidate) => candidate.removal === 'sweep')) {
      expect(entry.sweptBy, entry.entity).toBeDefined();
      expect(names.has(entry.sweptBy!), `${entry.entity}: ${entry.sweptBy}`).toBe(true);
      expect(erasers, entry.entity).toContain(entry.sweptBy);
    }
  });

  it('each sweep an entity of the inventory, and only entities said to be swept name one', () => {
    const swept = new Set(inventory.flatMap((entry) => (entry.sweptBy ? [entry.sweptBy] : [])));
    expect([...swept].sort()).toEqual([...erasers].sort());
    expect(inventory.filter((entry) => entry.sweptBy && entry.removal !== 'sweep')).toEqual([]);
  });
});
