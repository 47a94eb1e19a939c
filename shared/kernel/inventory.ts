/**
 * The data inventory's shape: every kind of item Hearth stores, what in it is personal, why it is
 * kept, for how long, and how it goes. Each capability declares its own items (`<capability>/
 * inventory.ts`); shared/inventory.ts assembles them (a composition root, like the OpenAPI
 * document). docs/privacy.md and the public /privacy page are written from it, and every
 * integration test's runtime checks on stopping that each attribute of each item it left in
 * DynamoDB Local is declared here (`undeclared`).
 */

/** How an item, or its personal fields, go. */
export type Removal =
  /** DynamoDB TTL removes the whole item (`expiresAt`). */
  | 'ttl'
  /** A scheduled sweep erases the personal fields; anonymous counts stay. */
  | 'sweep'
  /** Removed with the thing it belongs to, or when the person or an admin erases it. */
  | 'on-request'
  /** Nothing personal: kept while the thing it belongs to exists. */
  | 'kept'
  /** Personal, and not yet removed automatically: kept until the retention work reaches it. */
  | 'not-yet';

export interface PersonalField {
  /** What it is, in plain words ("the email address the person registered with"). */
  what: string;
  /** Why Hearth keeps it. */
  why: string;
}

export interface InventoryEntry {
  /** The entity's name, as docs/data-model.md names it. */
  entity: string;
  /** The capability (or kernel part: `kernel/audit`, `kernel/rate-limit`) that writes it; the privacy page groups by it. */
  owner: string;
  /** Which items these are: their `pk` and `sk` start with these (an empty `sk` matches any). */
  keys: { pk: string; sk: string };
  /** What the item is for, in one plain sentence. */
  about: string;
  /** Attributes that hold personal data (an address, a name, what someone wrote, a trace of a person). */
  personal: Readonly<Record<string, PersonalField>>;
  /** Every other attribute the item may have: ids, states, counts, times, keyed hashes. A name ending in `*` stands for every name it starts (`n:*`, a counter per answer). */
  other: readonly string[];
  /** How long the item (or its personal fields) is kept, in plain words. */
  kept: string;
  removal: Removal;
  /**
   * For `sweep`: the catalog function that erases it when its one-time schedule fires
   * (shared/catalog-retention.ts); a test holds the two together.
   */
  sweptBy?: string;
}

/** Attributes every item may have: its keys, its index keys and its TTL. They hold ids, hashes and times only. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'expiresAt'] as const;

/** The entry an item belongs to: the longest matching key prefixes win (a `SURVEY#INV#` item is not a `SURVEY#` one). */
export const entryOf = (entries: readonly InventoryEntry[], item: { pk?: unknown; sk?: unknown }): InventoryEntry | undefined => {
  const pk = typeof item.pk === 'string' ? item.pk : '';
  const sk = typeof item.sk === 'string' ? item.sk : '';
  let best: InventoryEntry | undefined;
  for (const entry of entries) {
    if (!pk.startsWith(entry.keys.pk) || !sk.startsWith(entry.keys.sk)) continue;
    if (!best || entry.keys.pk.length + entry.keys.sk.length > best.keys.pk.length + best.keys.sk.length) best = entry;
  }
  return best;
};

/** What an item holds that the inventory does not declare: no entry for it at all, or attributes its entry does not name. */
export type Undeclared = { pk: string; sk: string; entity?: string; attributes: string[] };

export const undeclared = (entries: readonly InventoryEntry[], items: readonly Record<string, unknown>[]): Undeclared[] => {
  const found = new Map<string, Undeclared>();
  for (const item of items) {
    const entry = entryOf(entries, item);
    const names = [...KEY_ATTRIBUTES, ...(entry ? [...Object.keys(entry.personal), ...entry.other] : [])];
    const exact = new Set(names.filter((name) => !name.endsWith('*')));
    const prefixes = names.filter((name) => name.endsWith('*')).map((name) => name.slice(0, -1));
    const declared = (name: string) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
    const extra = entry ? Object.keys(item).filter((name) => !declared(name)) : Object.keys(item);
    if (entry && extra.length === 0) continue;
    // One line per entity (or per key shape when there is none), not per item.
    const shape = entry?.entity ?? `${String(item.pk).replace(/#.*$/, '#')} / ${String(item.sk).replace(/#.*$/, '#')}`;
    const line = found.get(shape) ?? { pk: String(item.pk), sk: String(item.sk), ...(entry ? { entity: entry.entity } : {}), attributes: [] };
    line.attributes = [...new Set([...line.attributes, ...extra])].sort();
    found.set(shape, line);
  }
  return [...found.values()];
};

/** The kernel's own items: rate counters and the audit log. */
export const kernelInventory: readonly InventoryEntry[] = [
  {
    entity: 'rate counter',
    owner: 'kernel/rate-limit',
    keys: { pk: 'RATE#', sk: 'RATE' },
    about: 'How many requests one client, address or device made in a short window, to stop abuse (registration and sign-in limits). The key holds a keyed hash, never the address or IP.',
    personal: {},
    other: ['count'],
    kept: 'Until its window ends, then removed by TTL (minutes to a day).',
    removal: 'ttl',
  },
  {
    entity: 'audit entry',
    owner: 'kernel/audit',
    keys: { pk: 'AUDIT#', sk: '' },
    about: 'What an organizer, an admin or an API key did in the console or the API, and to what (by id).',
    personal: { actorId: { what: 'Who did it: an organizer id or an API key id, never an address.', why: 'So admins can see who changed what.' } },
    other: ['action', 'at', 'id', 'target'],
    kept: 'A year (HEARTH_RETENTION_AUDIT_DAYS), then removed by TTL.',
    removal: 'ttl',
  },
];
