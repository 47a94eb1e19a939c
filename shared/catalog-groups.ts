import { http, type FunctionSpec } from './function-spec';
import { routes } from './routes';

/**
 * The catalog's functions of support groups (issue 14, shared/groups). Part of the one catalog
 * (./catalog.ts spreads them in); kept apart so it stays readable.
 */
export const groupsFunctions: readonly FunctionSpec[] = [
  {
    name: 'organizer-groups',
    capability: 'groups',
    entry: 'functions/http/organizer-groups.ts',
    description: 'Organizer API for support groups: create a draft, list and read them with their next meetings',
    trigger: http(routes.organizerGroups),
    access: { table: 'readwrite' },
  },
];
