/**
 * Hearth's layering (docs/architecture.md). `npm run lint` runs `depcruise` with these rules; every
 * rule is an error.
 *
 *   kernel        shared/kernel, db, events, http, mail, ui and the files at shared/'s top
 *   capabilities  shared/workshops, reminders, surveys, mailing-list, campaigns, console, people, groups
 *   composition   shared/catalog.ts (every function and its trigger, in the shape of
 *                 function-spec.ts), shared/routes.ts (every route key), shared/openapi.ts (the
 *                 API document from each capability's part) and shared/inventory.ts (the data
 *                 inventory from each capability's part): the files that name every capability
 *   views         shared/web: public pages and console views
 *   functions     functions/http, functions/events: thin handlers
 *   infra         the CDK stack, the local runtime and the CLI
 *
 * Capabilities reach each other only through another capability's events (`<cap>/events.ts`) or its
 * one named port (`<cap>/port.ts`).
 */
const CAPABILITIES = 'workshops|reminders|surveys|mailing-list|campaigns|console|people|groups';
const COMPOSITION = '^shared/(catalog|catalog-groups|catalog-people|catalog-retention|function-spec|inventory|openapi|routes)\\.ts$';
const KERNEL = '^shared/(kernel|db|events|http|mail|ui)/|^shared/[^/]+\\.tsx?$';

module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-no-capability',
      comment: 'The kernel is generic: it imports nothing above it (no capability, view, catalog, handler or infra).',
      severity: 'error',
      from: { path: KERNEL, pathNot: COMPOSITION },
      to: { path: '^(shared|functions|infra)/', pathNot: KERNEL },
    },
    {
      name: 'kernel-imports-no-composition',
      severity: 'error',
      from: { path: KERNEL, pathNot: COMPOSITION },
      to: { path: COMPOSITION },
    },
    {
      name: 'capabilities-meet-through-events-or-a-port',
      comment: 'A capability reaches another only through its events.ts or its port.ts.',
      severity: 'error',
      from: { path: `^shared/(${CAPABILITIES})/` },
      to: { path: `^shared/(${CAPABILITIES})/`, pathNot: [`^shared/$1/`, `^shared/(${CAPABILITIES})/(events|port)\\.ts$`] },
    },
    {
      name: 'capabilities-import-no-view-catalog-handler-or-infra',
      comment: 'Capabilities hold the domain: they render their own mails, never pages, and know no transport.',
      severity: 'error',
      from: { path: `^shared/(${CAPABILITIES})/` },
      to: { path: [COMPOSITION, '^shared/web/|^functions/|^infra/'] },
    },
    {
      name: 'views-import-no-handler-or-infra',
      severity: 'error',
      from: { path: '^shared/web/' },
      to: { path: '^shared/catalog\\.ts$|^functions/|^infra/' },
    },
    {
      name: 'handlers-import-no-handler-or-infra',
      comment: 'Each handler stands alone; the catalog names them, the infra builds them.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^functions/|^infra/' },
    },
    {
      name: 'no-capability-cycles',
      comment: 'No cycle of imports anywhere in the Lambda code.',
      severity: 'error',
      from: { path: '^(shared|functions)/' },
      to: { circular: true },
    },
    {
      name: 'no-tests-from-code',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(node_modules|cdk\\.out|\\.hearth|test-artifacts)/' },
  },
};
