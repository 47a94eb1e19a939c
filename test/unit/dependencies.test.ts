import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const code = ['shared', 'functions', 'infra']
  .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((name) => /\.tsx?$/.test(name)).map((name) => readFileSync(join(root, dir, name), 'utf8')))
  .join('\n');

describe('package.json dependencies', () => {
  it('lists only packages the Lambda code or the infrastructure imports (devDependencies hold the rest)', () => {
    const imported = (name: string) => code.includes(`from '${name}'`) || code.includes(`from '${name}/`) || code.includes(`import('${name}`);
    expect(Object.keys(dependencies).filter((name) => !imported(name))).toEqual([]);
  });
});
