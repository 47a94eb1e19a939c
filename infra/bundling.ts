import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda function is bundled, in one place: the CDK stack (NodejsFunction, local esbuild,
 * no Docker) and the benchmark both take these values.
 */
const root = resolve(import.meta.dirname, '..');

export const bundling = {
  format: 'esm' as const,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  /** ESM bundles import CommonJS dependencies through esbuild's `__require`, which needs a real `require`. */
  banner: "import { createRequire as __hearthCreateRequire } from 'module';const require = __hearthCreateRequire(import.meta.url);",
  /** preact JSX (jsx: react-jsx, jsxImportSource: preact) comes from the project's tsconfig. */
  tsconfig: join(root, 'tsconfig.json'),
  /** Run the SDK versions package-lock.json pins and the tests ran, not the runtime's copy. */
  bundleAwsSDK: true,
};

/** The same bundle as plain esbuild options (for the benchmark). */
export const esbuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: bundling.format,
  target: bundling.target,
  mainFields: bundling.mainFields,
  minify: bundling.minify,
  banner: { js: bundling.banner },
  tsconfig: bundling.tsconfig,
};
