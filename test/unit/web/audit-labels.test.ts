import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabel } from '../../../shared/web/console/audit';

/** Every action any handler writes to the audit log reads as words on the audit page. */
const root = resolve(import.meta.dirname, '../../..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

describe('the audit log', () => {
  it('has a label for every action the code records', () => {
    const actions = new Set<string>();
    for (const file of [...sources(join(root, 'shared')), ...sources(join(root, 'functions'))]) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/AuditLog\.record\(([^;]*?)\)/gs)) {
        // eslint-disable-next-line security/detect-unsafe-regex -- each `-` starts the next `[a-z]+`, so no two repetitions can match the same text; runs on the repository's own source
        for (const literal of call[1]!.matchAll(/'([a-z]+(?:-[a-z]+)+)'/g)) actions.add(literal[1]!);
      }
    }
    expect(actions.size).toBeGreaterThan(20);
    for (const action of actions) expect(auditActionLabel(action), action).not.toBe(action);
  });
});
