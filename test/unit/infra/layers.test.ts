import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cyclesOf, folderGraph, folderOf } from '../../../infra/layers';

const exec = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');

/** dependency-cruiser with Hearth's rules over a small tree of files: its violations, by rule and edge. */
const cruise = async (files: Record<string, string>) => {
  const dir = await mkdtemp(join(tmpdir(), 'hearth-layers-'));
  try {
    await cp(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'preserve', moduleResolution: 'bundler', strict: true } }));
    for (const [path, text] of Object.entries({ 'functions/http/none.ts': 'export {};\n', ...files })) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const { stdout } = await exec(join(root, 'node_modules/.bin/depcruise'), ['shared', 'functions', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: dir }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    const result = JSON.parse(stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    return result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

describe('the layering (npm run lint: .dependency-cruiser.cjs and infra/layers.ts)', () => {
  it('refuses a kernel file that imports a capability, and one capability reaching into another past its port', async () => {
    const violations = await cruise({
      'shared/kernel/text.ts': "import { Workshop } from '../workshops/model';\nexport const t = Workshop;\n",
      'shared/workshops/model.ts': 'export const Workshop = 1;\n',
      'shared/workshops/port.ts': "export { Workshop } from './model';\n",
      'shared/surveys/send.ts': "import { Workshop } from '../workshops/model';\nimport { Workshop as Through } from '../workshops/port';\nexport const s = [Workshop, Through];\n",
    });
    expect(violations.sort()).toEqual([
      'capabilities-meet-through-events-or-a-port: shared/surveys/send.ts → shared/workshops/model.ts',
      'kernel-imports-no-capability: shared/kernel/text.ts → shared/workshops/model.ts',
    ]);
  });

  it('refuses a capability that imports a view or the catalog, and a handler that imports another', async () => {
    const violations = await cruise({
      'shared/catalog.ts': 'export const catalog = 1;\n',
      'shared/web/pages/a.tsx': 'export const page = 1;\n',
      'shared/campaigns/send.ts': "import { page } from '../web/pages/a';\nimport { catalog } from '../catalog';\nexport const x = [page, catalog];\n",
      'functions/http/a.ts': 'export const handler = 1;\n',
      'functions/http/b.ts': "import { handler as other } from './a';\nexport const handler = other;\n",
    });
    expect(violations.sort()).toEqual([
      'capabilities-import-no-view-catalog-handler-or-infra: shared/campaigns/send.ts → shared/catalog.ts',
      'capabilities-import-no-view-catalog-handler-or-infra: shared/campaigns/send.ts → shared/web/pages/a.tsx',
      'handlers-import-no-handler-or-infra: functions/http/b.ts → functions/http/a.ts',
    ]);
  });

  it('finds a cycle between capability folders that no single module closes', () => {
    const graph = folderGraph({
      modules: [
        { source: 'shared/campaigns/a.ts', dependencies: [{ resolved: 'shared/mailing-list/port.ts' }] },
        { source: 'shared/mailing-list/b.ts', dependencies: [{ resolved: 'shared/campaigns/port.ts' }, { resolved: 'node:crypto', coreModule: true }] },
        { source: 'shared/catalog.ts', dependencies: [{ resolved: 'shared/campaigns/a.ts' }] },
        { source: 'shared/kernel/c.ts', dependencies: [{ resolved: 'shared/config.ts' }] },
      ],
    });
    expect(cyclesOf(graph)).toEqual([['shared/campaigns', 'shared/mailing-list']]);
    expect([folderOf('shared/config.ts'), folderOf('shared/catalog.ts'), folderOf('functions/http/a.ts'), folderOf('shared/ui/mail/footer.tsx')]).toEqual(['shared', undefined, undefined, 'shared/ui']);
  });

  it('holds for Hearth itself: no violation, no cycle between the folders of shared/', async () => {
    const { stdout } = await exec(join(root, 'node_modules/.bin/tsx'), ['infra/layers.ts'], { cwd: root });
    expect(stdout).toMatch(/^Folder cycles in shared\/: 0, with a capability in them: 0$/m);
    const { stdout: cruised } = await exec(join(root, 'node_modules/.bin/depcruise'), ['shared', 'functions', 'infra', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: root });
    expect(cruised).toMatch(/no dependency violations found/);
    const { stdout: picture } = await exec(join(root, 'node_modules/.bin/tsx'), ['infra/layers.ts', '--mermaid'], { cwd: root });
    const documented = /```mermaid\n([\s\S]*?)```/.exec(await readFile(join(root, 'docs/architecture.md'), 'utf8'))?.[1];
    expect(documented).toBe(picture);
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const layout = /```mermaid\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Layout')))?.[1];
    expect(layout).toBe(picture);
  }, 60_000);
});
