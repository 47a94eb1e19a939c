import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

/** What `npm run lint` reports for one file's text, with Hearth's own config, max-lines only. */
const maxLinesFindings = async (path: string, lines: number) => {
  const eslint = new ESLint({ cwd: root });
  const config = (await eslint.calculateConfigForFile(resolve(root, path))) as { rules?: Record<string, unknown> };
  const rule = config.rules?.['max-lines'];
  if (rule === undefined) return { rule, messages: [] };
  const linter = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser }, rules: { 'max-lines': rule as 'error' } },
  });
  const text = Array.from({ length: lines }, (_, i) => `export const line${i} = ${i};`).join('\n') + '\n';
  const [result] = await linter.lintText(text, { filePath: resolve(root, path) });
  return { rule, messages: result!.messages.map((message) => message.ruleId) };
};

describe('no source file over 400 lines (npm run lint)', () => {
  it('fails a 401-line file in shared/, functions/ or infra/ and passes a 400-line one', async () => {
    for (const path of ['shared/kernel/too-long.ts', 'functions/http/too-long.ts', 'infra/local/too-long.ts', 'shared/web/too-long.tsx']) {
      expect((await maxLinesFindings(path, 401)).messages, path).toEqual(['max-lines']);
      expect((await maxLinesFindings(path, 400)).messages, path).toEqual([]);
    }
  });

  it('leaves tests out', async () => {
    expect((await maxLinesFindings('test/unit/too-long.test.ts', 1000)).rule).toBeUndefined();
  });
});
