import { assembleOpenApi } from './http/openapi';
import { openApi as campaigns } from './campaigns/openapi';
import { openApi as mailingList } from './mailing-list/openapi';
import { openApi as people } from './people/openapi';
import { openApi as groups } from './groups/openapi';
import { openApi as surveys } from './surveys/openapi';
import { openApi as workshops } from './workshops/openapi';

/**
 * The OpenAPI 3.1 document of Hearth's JSON API: each capability's own part, assembled by
 * shared/http/openapi.ts. Like the catalog, this file names every capability (a composition root).
 */
let document: Record<string, unknown> | undefined;

export const openApiDocument = () =>
  (document ??= assembleOpenApi(
    { title: 'Hearth API', version: '1.0.0', description: 'Workshop registration, reminders, feedback surveys and advocacy mailings for peer-support organisations.' },
    [workshops, groups, mailingList, campaigns, surveys, people],
    {
      apiKey: {
        type: 'http',
        scheme: 'bearer',
        description:
          'An organizer API key. Keys have scopes (read, workshops, campaigns, admin: each operation says which it needs), expire (401 after), and see registrations only of the workshops they organize unless they have the admin scope.',
      },
    },
  ));
