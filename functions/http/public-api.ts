import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { pathParam } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { toPublicWorkshop } from '../../shared/workshops/model';
import { getVisibleWorkshop, listUpcoming } from '../../shared/workshops/workshops';
import { openApiDocument } from '../../shared/openapi';

export const handler = httpHandler({
  'GET /api/workshops': async () => json(200, { workshops: (await listUpcoming(now())).map(toPublicWorkshop) }),
  'GET /api/workshops/{id}': async (event) => json(200, { workshop: toPublicWorkshop(await getVisibleWorkshop(pathParam(event, 'id'))) }),
  'GET /api/openapi.json': async () => json(200, openApiDocument()),
});
