import { describe, expect, it } from 'vitest';
import { inventory } from '../../../shared/inventory';
import { entryOf, undeclared, type InventoryEntry } from '../../../shared/kernel/inventory';

const entries: InventoryEntry[] = [
  { entity: 'thing', owner: 'test', keys: { pk: 'T#', sk: 'THING' }, about: 'A thing.', personal: { email: { what: 'An address.', why: 'To write.' } }, other: ['id', 'n:*'], kept: 'For ever.', removal: 'kept' },
  { entity: 'part', owner: 'test', keys: { pk: 'T#', sk: 'THING#PART#' }, about: 'A part.', personal: {}, other: ['id'], kept: 'For ever.', removal: 'kept' },
];

describe('the data inventory', () => {
  it('finds an item’s entry by its key prefixes, the longest first', () => {
    expect(entryOf(entries, { pk: 'T#1', sk: 'THING' })?.entity).toBe('thing');
    expect(entryOf(entries, { pk: 'T#1', sk: 'THING#PART#2' })?.entity).toBe('part');
    expect(entryOf(entries, { pk: 'U#1', sk: 'THING' })).toBeUndefined();
  });

  it('passes an item whose every attribute is declared, prefixes included', () => {
    expect(undeclared(entries, [{ pk: 'T#1', sk: 'THING', id: '1', email: 'a@example.org', 'n:q1:3': 2, expiresAt: 1 }])).toEqual([]);
  });

  it('reports an undeclared email, name or free-text field of a new entity, and an item no entry covers', () => {
    expect(undeclared(entries, [{ pk: 'T#1', sk: 'THING#PART#2', id: '2', displayName: 'Sam', notes: 'free text' }])).toEqual([
      { pk: 'T#1', sk: 'THING#PART#2', entity: 'part', attributes: ['displayName', 'notes'] },
    ]);
    expect(undeclared(entries, [{ pk: 'GROUP#1', sk: 'MEMBER#2', email: 'a@example.org' }])).toEqual([
      { pk: 'GROUP#1', sk: 'MEMBER#2', attributes: ['email', 'pk', 'sk'] },
    ]);
  });

  it('declares each entity once, with a reason and a period for every personal field', () => {
    const names = inventory.map((entry) => entry.entity);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of inventory) {
      expect(entry.about.length, entry.entity).toBeGreaterThan(10);
      expect(entry.kept.length, entry.entity).toBeGreaterThan(5);
      for (const [name, field] of Object.entries(entry.personal)) {
        expect(field.what.length, `${entry.entity}.${name}`).toBeGreaterThan(5);
        expect(field.why.length, `${entry.entity}.${name}`).toBeGreaterThan(5);
        expect(entry.other, `${entry.entity}.${name} is personal and other at once`).not.toContain(name);
      }
      if (Object.keys(entry.personal).length > 0) expect(entry.removal, `${entry.entity} holds personal data`).not.toBe('kept');
    }
  });
});
