import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { privacyDoc } from '../../../infra/privacy-doc';
import type { InventoryEntry } from '../../../shared/kernel/inventory';
import { backups, whoCanSee } from '../../../shared/ui/privacy';

const exec = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');

const registration: InventoryEntry = {
  entity: 'registration',
  owner: 'workshops',
  keys: { pk: 'WS#', sk: 'REG#' },
  about: 'One place at one workshop.',
  personal: { email: { what: 'the address | with a pipe', why: 'to send the details\nof the workshop' } },
  other: ['id', 'status'],
  kept: 'until 30 days after the workshop',
  removal: 'sweep',
};
const topic: InventoryEntry = { entity: 'topic', owner: 'mailing-list', keys: { pk: 'TOPIC#', sk: '' }, about: 'A subject.', personal: {}, other: ['name'], kept: 'while it exists', removal: 'kept' };
const audit: InventoryEntry = { ...topic, entity: 'audit entry', owner: 'kernel/audit', other: ['action'], removal: 'ttl' };

describe('docs/privacy.md (infra/privacy-doc.ts)', () => {
  it('is what the script prints from the inventory: run `npx tsx infra/privacy-doc.ts --write` after changing it', async () => {
    const { stdout } = await exec(join(root, 'node_modules/.bin/tsx'), ['infra/privacy-doc.ts'], { cwd: root });
    expect(await readFile(join(root, 'docs/privacy.md'), 'utf8')).toBe(stdout);
  }, 60_000);

  it('has a table per group of the page, in its order, with each field’s why, the other attributes, how long and how it goes', () => {
    const doc = privacyDoc([audit, topic, registration]);
    const groups = [...doc.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    expect(groups).toEqual(['Workshops and registration', 'The mailing list', 'The audit log']);
    expect(doc).toContain(
      '| registration | `email`: the address \\| with a pipe (why: to send the details of the workshop) | `id`, `status` | until 30 days after the workshop | `sweep`: The personal parts are erased automatically at the end of that time; only counts that name nobody stay. |',
    );
    expect(doc).toContain('| topic | none | `name` | while it exists | `kept`: Nothing personal: kept while what it belongs to exists. |');
  });

  it('says the same who-can-see-what and backups words as the page', () => {
    const doc = privacyDoc([topic]);
    for (const line of whoCanSee) expect(doc).toContain(`- ${line}`);
    expect(doc).toContain(backups);
  });
});
