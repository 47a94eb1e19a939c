// ESLint flat config: `npm run lint` (eslint . --max-warnings 0), run by .ci/run after the tests.
// Covers shared/, functions/, infra/, test/ and the config files. Type-aware: the whole repository
// lints in about 30 s of CPU on the 2-core machine (25–70 s wall, with other work), so typescript-eslint's recommendedTypeChecked is used
// as it is (no-floating-promises, no-misused-promises, await-thenable and the no-unsafe-* family).
// Every rule turned off or narrowed here says why, next to it, with what it found when it was
// measured; every eslint-disable comment in the code says why after `--` (require-description).
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';

/** The security plugin's recommended set only warns; here every finding fails the run. */
const securityAsErrors = Object.fromEntries(Object.keys(security.configs.recommended.rules).map((rule) => [rule, 'error']));

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', '.hearth/', 'test-artifacts/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error', reportUnusedInlineConfigs: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '.dependency-cruiser.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
  },
  security.configs.recommended,
  { rules: securityAsErrors },
  noUnsanitized.configs.recommended,
  comments.recommended,
  {
    rules: {
      '@eslint-community/eslint-comments/require-description': 'error',

      // The code drops fields by destructuring them into `_name` and keeping the rest
      // (`const { pk: _pk, ...rest } = item`), and names ignored parameters `_name`: that is the
      // convention, not dead code (21 hits, all of that kind). Anything else unused still fails.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],

      // Off: an `async` function without `await` is how this code implements an async interface
      // (a route is `(event) => Promise<HttpResult>`, e.g. `'GET /console/sign-in': async () =>
      // signInPage()`; test doubles of `invoke` and `signToken`). 11 hits, all of that kind. The
      // promise rules that find real bugs (no-floating-promises, no-misused-promises,
      // await-thenable) stay on.
      '@typescript-eslint/require-await': 'off',

      // Off: Hearth matches control characters on purpose, to refuse them in names, subjects and
      // bodies or to strip them (`/[\u0000-\u001f\u007f]/`). 10 hits, all of that kind; the rule
      // exists to catch control characters put into a pattern by mistake.
      'no-control-regex': 'off',

      // Off: on TypeScript it reports every `object[variable]`, typed or not. 116 hits when it was
      // measured, e.g. `statusLabels[status]` (status: a union of literal keys of a Record),
      // `tokens[index]` (array index), `process.env[name]` (name from a constant list),
      // `counts[state]` (state from the STATES tuple). The hits that take a key from a request
      // were reviewed by hand: formBody now checks Object.hasOwn instead of `in`, so a field named
      // like an Object.prototype member (`constructor`, `toString`) is kept, not dropped;
      // headers and query strings in the local runtime already used Object.hasOwn; assigning
      // `__proto__` a string is a no-op in JavaScript, so no prototype can be replaced from a form.
      'security/detect-object-injection': 'off',
    },
  },
  {
    // The local runtime (infra/local) and the CDK app are developer tools: the paths they read and
    // write are the repository's own files, the catalog's handler entries and the runtime's data
    // directory (.hearth), never anything from a request. The Lambda code in shared/ and
    // functions/ keeps the rule (it has no hits). 14 hits in infra/local, 26 in test/.
    files: ['infra/**', 'test/**'],
    rules: { 'security/detect-non-literal-fs-filename': 'off' },
  },
  {
    // infra/local plays AWS's JSON protocols (EventBridge, Scheduler, Secrets Manager, SES, API
    // Gateway results) and coerces what a client sent with String() on purpose, as AWS does: a
    // non-string bus name, secret id or header value becomes '[object Object]' and is answered
    // like any wrong value. 9 hits, all of that kind; shared/ and functions/ keep the rule.
    files: ['infra/local/**'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    // No source file over 400 lines (issue 12): a file that grows past it holds two things and is
    // split by what they are. Blank lines and comments count; tests are exempt (a test file
    // follows the behaviour it covers).
    files: ['shared/**', 'functions/**', 'infra/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Handlers are thin (issue 12): parse, call one domain operation with the actor, render. Every
    // route, and every helper beside it, fits in 30 lines; more is a domain rule that belongs in
    // its capability.
    files: ['functions/**'],
    rules: { 'max-lines-per-function': ['error', { max: 30, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests read JSON answers, CDK templates and Playwright results as `any` and check their
      // shape with expect(): a wrong shape fails the assertion, which is the test. 466 hits, all
      // in test/ (shared/, functions/ and infra/ have none, and keep these rules).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests build patterns from their own fixture values (`new RegExp(\`name="csrf" value="${csrf}"\`)`)
      // to match the service's answers; no pattern comes from outside the test. 13 hits.
      'security/detect-non-literal-regexp': 'off',
    },
  },
  {
    // This file itself: plain JavaScript importing plugins that ship no types, so the type-aware
    // rules would only report the plugins' missing types.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // dependency-cruiser reads its rules as CommonJS: `module.exports`, no types to check.
    files: ['.dependency-cruiser.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);
