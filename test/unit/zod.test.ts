import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NewWorkshop } from '../../shared/workshops/model';

const root = resolve(import.meta.dirname, '../..');

const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });

const files = ['shared', 'functions', 'infra'].flatMap(sources).map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));

describe('zod in Lambda code', () => {
  it('uses zod/mini, never the classic API (it would add ~250 KB to every bundle)', () => {
    for (const { path, text } of files) {
      expect(text, path).not.toMatch(/from 'zod(\/v4)?'/);
      expect(text, path).not.toMatch(/from 'zod-openapi'/);
    }
  });

  it('sets the English locale wherever it builds schemas (zod/mini sets none)', () => {
    const building = files.filter(({ text }) => /^import \* as z from 'zod\/mini';$/m.test(text));
    expect(building.length).toBeGreaterThan(0);
    for (const { path, text } of building) {
      if (path === join('shared', 'zod-locale.ts')) continue;
      const locale = relative(join(root, path, '..'), join(root, 'shared', 'zod-locale')).replaceAll('\\', '/');
      expect(text, path).toContain(`import '${locale.startsWith('.') ? locale : `./${locale}`}';`);
    }
  });

  it('answers with zod’s English messages where no custom message is given', () => {
    const result = NewWorkshop.safeParse({ waitlist: 'yes' });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]));
    expect(messages.waitlist).toBe('Invalid input: expected boolean, received string');
    expect(messages.title).toBe('Invalid input: expected string, received undefined');
  });
});
