import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The repository's own eslint.config.js, run on small sources that are not in the repository. The
 * type-aware rules get a program of just these sources (in memory, no @types), so this takes seconds;
 * the real `npm run lint` over the repository runs in .ci/run.
 */
const root = resolve(import.meta.dirname, '../..');
const fixtures: Record<string, string> = {
  'shared/lint-fixture-html.ts': 'export const show = (element: { innerHTML: string }, html: string) => {\n  element.innerHTML = html;\n};\n',
  'shared/lint-fixture-promise.ts': 'const save = async (): Promise<void> => {};\nexport const handle = () => {\n  save();\n};\n',
  'shared/lint-fixture-bare-disable.ts':
    'const save = async (): Promise<void> => {};\nexport const handle = () => {\n  // eslint-disable-next-line @typescript-eslint/no-floating-promises\n  save();\n};\n',
  'shared/lint-fixture-disable-with-reason.ts':
    'const save = async (): Promise<void> => {};\nexport const handle = () => {\n  // eslint-disable-next-line @typescript-eslint/no-floating-promises -- the fixture says why\n  save();\n};\n',
  'shared/lint-fixture-regexp.ts': 'export const matcher = (pattern: string) => new RegExp(pattern);\n',
  'shared/lint-fixture-unused-disable.ts': '// eslint-disable-next-line no-eval -- nothing here evaluates\nexport const two = 1 + 1;\n',
  'shared/lint-fixture-clean.ts': 'const save = async (): Promise<void> => {};\nexport const handle = async () => {\n  await save();\n};\n',
};
const path = (name: string) => resolve(root, name);

const program = (): ts.Program => {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true, noEmit: true, types: [], lib: ['lib.es2023.d.ts'] };
  const host = ts.createCompilerHost(options);
  const sources = new Map(Object.entries(fixtures).map(([name, text]) => [path(name), text]));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    const text = sources.get(file);
    return text === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  return ts.createProgram([...sources.keys()], options, host);
};

const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, programs: [program()] } } },
});
const messages = async (name: string): Promise<Linter.LintMessage[]> => {
  const [result] = await eslint.lintText(fixtures[name]!, { filePath: path(name) });
  return result!.messages;
};
const rules = async (name: string) => (await messages(name)).map((message) => message.ruleId);

describe('npm run lint (eslint.config.js)', () => {
  it('reports HTML assigned from a variable (no-unsanitized)', async () => {
    expect(await rules('shared/lint-fixture-html.ts')).toContain('no-unsanitized/property');
  });

  it('reports a promise nobody awaits (type-aware no-floating-promises)', async () => {
    expect(await rules('shared/lint-fixture-promise.ts')).toContain('@typescript-eslint/no-floating-promises');
  });

  it('reports an eslint-disable comment without its reason, and accepts one with it', async () => {
    expect(await rules('shared/lint-fixture-bare-disable.ts')).toEqual(['@eslint-community/eslint-comments/require-description']);
    expect(await messages('shared/lint-fixture-disable-with-reason.ts')).toEqual([]);
  });

  it('reports a disable comment that disables nothing, as an error', async () => {
    expect((await messages('shared/lint-fixture-unused-disable.ts')).map((message) => [message.message, message.severity])).toEqual([
      ["Unused eslint-disable directive (no problems were reported from 'no-eval').", 2],
    ]);
  });

  it("reports the security plugin's findings as errors (its recommended set only warns), and passes clean code", async () => {
    const found = await messages('shared/lint-fixture-regexp.ts');
    expect(found.map((message) => [message.ruleId, message.severity])).toContainEqual(['security/detect-non-literal-regexp', 2]);
    expect(await messages('shared/lint-fixture-clean.ts')).toEqual([]);
  });

  it('keeps the rules turned off for tests and the local runtime on for the Lambda code', async () => {
    for (const file of ['shared/x.ts', 'functions/x.ts']) {
      const { rules: on } = (await eslint.calculateConfigForFile(path(file))) as Linter.Config;
      for (const rule of ['security/detect-non-literal-fs-filename', 'security/detect-non-literal-regexp', '@typescript-eslint/no-unsafe-member-access', '@typescript-eslint/no-base-to-string']) {
        expect([rule, on?.[rule]], file).toEqual([rule, [2]]);
      }
    }
  });

  it('says why next to every rule it turns off, in eslint.config.js', () => {
    const lines = readFileSync(join(root, 'eslint.config.js'), 'utf8').split('\n');
    const unexplained = lines.flatMap((line, index) => {
      if (!/'off'/.test(line)) return [];
      // Up from the rule, past the other rules of its group and its `files`, to the comment that explains them.
      let above = index - 1;
      while (above >= 0 && /^\s*('[^']+': 'off',|files: \[.*\],|rules: \{.*)$/.test(lines[above]!)) above--;
      return /^\s*\/\//.test(lines[above] ?? '') ? [] : [line.trim()];
    });
    expect(unexplained).toEqual([]);
    expect(lines.filter((line) => /'off'/.test(line)).length).toBeGreaterThan(5);
  });
});
