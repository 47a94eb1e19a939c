import { defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other. First everything else, two files at a time (two cores; the
 * integration files each start their own local runtime). Then the burst tests on their own: they
 * measure behaviour under 320 concurrent requests and must not share the machine with bundling or
 * a browser.
 */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 180_000,
  pool: 'forks' as const,
};
const burst = 'test/integration/burst.test.ts';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { ...shared, name: 'suite', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [burst], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { ...shared, name: 'burst', include: [burst], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
