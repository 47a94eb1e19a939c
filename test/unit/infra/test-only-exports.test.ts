import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

const EXPORTED = /^export (?:declare )?(?:async )?(?:const|let|function|class|type|interface|enum) ([A-Za-z_$][\w$]*)/gm;
const SOURCE = /^(shared|functions|infra)\/.*\.tsx?$/;
/** Code that runs outside the suite: the product, `npm run bench`, the configs. */
const PRODUCT = /^(shared|functions|infra|test\/bench)\/|^[^/]+\.(ts|js|cjs|mjs|json)$/;

/**
 * Exports of shared/, functions/ and infra/ that nothing but tests uses: the name appears once in
 * its own file (so the file does not use it either) and in no product file. A word match, so a name
 * that also occurs elsewhere in another sense is let through: the check errs towards silence.
 */
const testOnlyExports = (files: ReadonlyMap<string, string>): string[] => {
  const found: string[] = [];
  for (const [path, text] of files) {
    if (!SOURCE.test(path)) continue;
    for (const [, name] of text.matchAll(EXPORTED)) {
      const word = new RegExp(`\\b${name!.replace(/\$/g, '\\$')}\\b`, 'g');
      if ((text.match(word) ?? []).length > 1) continue;
      const usedByProduct = [...files].some(([other, body]) => other !== path && PRODUCT.test(other) && word.test(body));
      if (!usedByProduct) found.push(`${path}: ${name}`);
    }
  }
  return found;
};

const tracked = (): Map<string, string> => {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
  return new Map(paths.filter((path) => /\.(tsx?|js|cjs|mjs|json)$/.test(path)).map((path) => [path, readFileSync(resolve(root, path), 'utf8')]));
};

describe('exports that only tests use', () => {
  it('finds one (an export used by a test and nothing else), and not one the product uses', () => {
    const files = new Map([
      ['shared/kernel/thing.ts', 'export const usedOnlyByTests = 1;\nexport const used = 2;\n'],
      ['functions/http/a.ts', "import { used } from '../../shared/kernel/thing';\n"],
      ['test/unit/thing.test.ts', "import { usedOnlyByTests } from '../../shared/kernel/thing';\n"],
    ]);
    expect(testOnlyExports(files)).toEqual(['shared/kernel/thing.ts: usedOnlyByTests']);
  });

  it('are gone from shared/, functions/ and infra/', () => {
    expect(testOnlyExports(tracked())).toEqual([]);
  });
});
