import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { config } from '../../shared/config';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });

  it('gives the registration limits the defaults the code has, in its configuration table', () => {
    const limits = { HEARTH_REGISTRATION_LIMIT_PER_CLIENT: () => config.registrationLimitPerClient, HEARTH_REGISTRATION_LIMIT_PER_ADDRESS: () => config.registrationLimitPerAddress };
    for (const [name, read] of Object.entries(limits)) {
      const saved = process.env[name];
      delete process.env[name];
      try {
        expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\` \\| ${read()} \\|`, 'm'));
      } finally {
        if (saved !== undefined) process.env[name] = saved;
      }
    }
  });

  it('lists every event of the catalog in its event catalog', () => {
    for (const spec of catalog) {
      if (spec.trigger.kind !== 'event') continue;
      const { source, detailType } = spec.trigger.event;
      expect(readme, `${source} / ${detailType}`).toMatch(new RegExp(`\`${source.replace('.', '\\.')}\` \\| \`${detailType}\``));
      expect(readme, spec.name).toContain(`\`${spec.name}\``);
    }
  });

  it('names every HTTP route of the catalog', () => {
    for (const spec of catalog) {
      if (spec.trigger.kind !== 'http') continue;
      for (const route of spec.trigger.routes) {
        const path = route.split(' ')[1]!;
        const shown = path.replace(/^\/api\/organizer\/workshops\/\{id\}/, '…/{id}');
        expect(readme.includes(path) || readme.includes(shown), route).toBe(true);
      }
    }
  });
});
