import * as z from 'zod/mini';
import '../zod-locale';
import { error, idParam, requestBody, response, secured, type OpenApiPart } from '../http/openapi';
import { Group, NewGroup } from './model';

/** The OpenAPI of support groups, so far the organizer's drafts (assembled with the others in shared/openapi.ts). */
export const openApi: OpenApiPart = {
  components: [['Group', Group]],
  scopes: {
    'get /api/organizer/groups': ['read', 'workshops'],
    'post /api/organizer/groups': ['workshops'],
    'get /api/organizer/groups/{id}': ['read', 'workshops'],
  },
  forbidden: (path) => (path.startsWith('/api/organizer/groups/') ? 'Outside the key’s scope, or the key does not organize this group' : undefined),
  paths: {
    '/api/organizer/groups': {
      get: {
        summary: 'The groups the key organizes (every group with the admin scope), newest first',
        security: secured,
        responses: { 200: response('The list', z.object({ groups: z.array(Group) })), 401: error('No valid API key') },
      },
      post: {
        summary: 'Create a support group as a draft',
        security: secured,
        description:
          'A group meets on a series: `recurrence` is an RFC 5545 RRULE read on the group\'s local clock (`timezone`) from `firstDate` at `startTime`. ' +
          'Supported parts: FREQ=WEEKLY or MONTHLY, INTERVAL (1 to 12), BYDAY (weekdays; for monthly groups with a number, e.g. 2TU or -1FR), COUNT and UNTIL (a date, inclusive). Any other part is refused with 400 naming it. ' +
          '`firstDate` must be a day the rule meets on. Also refused with 400 on the field: UNTIL before the first date, more than 200 meetings or 2 years, an excluded date that is not a meeting date, no meeting left after the exclusions, and a start time that the zone skips on a meeting day (daylight saving). ' +
          '`membership` is `drop-in` (one meeting at a time) or `closed` (join once; `approval: true` makes a join a request). The answer shows the next 12 meetings.',
        requestBody: requestBody(NewGroup),
        responses: { 201: response('Created, as a draft', z.object({ group: Group })), 400: error('Invalid input, with field messages; nothing is stored'), 401: error('No valid API key') },
      },
    },
    '/api/organizer/groups/{id}': {
      get: {
        summary: 'One group, with its next meetings',
        security: secured,
        parameters: idParam(),
        responses: { 200: response('The group', z.object({ group: Group })), 401: error('No valid API key'), 404: error('No such group') },
      },
    },
  },
};
