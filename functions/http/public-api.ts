import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { pathParam } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { toPublicWorkshop } from '../../shared/workshops/model';
import { getVisibleWorkshop, listUpcoming } from '../../shared/workshops/workshops';
import { openApiDocument } from '../../shared/openapi';

export const handler = httpHandler(routes.publicApi, {
  workshops: async () => json(200, { workshops: (await listUpcoming(now())).map(toPublicWorkshop) }),
  workshop: async (event) => json(200, { workshop: toPublicWorkshop(await getVisibleWorkshop(pathParam(event, 'id'))) }),
  openApi: async () => json(200, openApiDocument()),
});
