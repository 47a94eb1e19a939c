import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inventory } from '../shared/inventory';
import type { InventoryEntry } from '../shared/kernel/inventory';
import { askFor, backups, grouped, removalWords, seeYourData, selfService, whoCanSee } from '../shared/ui/privacy';

/**
 * docs/privacy.md, written from the data inventory (shared/inventory.ts) with the same words as the
 * public /privacy page (shared/ui/privacy.ts): one table per group of the page, then who can see what, the
 * backups and how to ask. `tsx infra/privacy-doc.ts` prints it; `--write` writes docs/privacy.md.
 * test/unit/infra/privacy-doc.test.ts fails when the file and the inventory disagree.
 */

export const docPath = resolve(import.meta.dirname, '..', 'docs', 'privacy.md');

/** One table cell: no line breaks, and a `|` that does not end the cell. */
const cell = (text: string): string => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

const code = (name: string): string => `\`${name}\``;

const personalCell = (entry: InventoryEntry): string =>
  Object.entries(entry.personal)
    .map(([name, field]) => `${code(name)}: ${cell(field.what)} (why: ${cell(field.why)})`)
    .join('<br>') || 'none';

const row = (entry: InventoryEntry): string =>
  `| ${cell(entry.entity)} | ${personalCell(entry)} | ${entry.other.map(code).join(', ') || 'none'} | ${cell(entry.kept)} | ${code(entry.removal)}${entry.sweptBy ? ` by ${code(entry.sweptBy)}` : ''}: ${removalWords[entry.removal]} |`;

/** One table per group, in the page's order (shared/ui/privacy.ts `grouped`). */
const tables = (entries: readonly InventoryEntry[]): string[] =>
  grouped(entries).flatMap(({ group, entries: inGroup }) => [
    `### ${group}`,
    '',
    '| entity | personal fields (why) | other attributes | how long | how it goes |',
    '|---|---|---|---|---|',
    ...inGroup.map(row),
    '',
  ]);

export const privacyDoc = (entries: readonly InventoryEntry[]): string =>
  [
    '# Privacy: what Hearth keeps',
    '',
    'Generated from the data inventory (`shared/inventory.ts`, one `inventory.ts` per capability) by',
    '`npx tsx infra/privacy-doc.ts --write`; do not edit it by hand. The public page `/privacy` says the',
    'same in plain words, from the same inventory and the same sentences (`shared/ui/privacy.ts`).',
    '',
    '## What is kept',
    '',
    'Every attribute not named here is one of the keys every item may have (`pk`, `sk`, `gsi1pk`,',
    '`gsi1sk`, `expiresAt`).',
    '',
    ...tables(entries),
    '## Who can see what',
    '',
    ...whoCanSee.map((line) => `- ${line}`),
    '',
    '## Backups',
    '',
    backups,
    '',
    '## Asking for a copy or erasure',
    '',
    `${seeYourData} ${askFor('the organisation that runs Hearth')} ${selfService}`,
    '',
  ].join('\n');

if (process.argv[1]?.endsWith('privacy-doc.ts')) {
  const text = privacyDoc(inventory);
  if (process.argv.includes('--write')) writeFileSync(docPath, text);
  else process.stdout.write(text);
}
