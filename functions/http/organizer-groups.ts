import { now } from '../../shared/clock';
import type { Scope } from '../../shared/console/api-key-store';
import { requireApiKey } from '../../shared/console/require-api-key';
import { NewGroup } from '../../shared/groups/model';
import { GroupOrganizing } from '../../shared/groups/organizing';
import { httpHandler, type Route } from '../../shared/http/handler';
import { jsonBody, pathParam, type HttpEvent } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { apiKeyActor, type Actor } from '../../shared/kernel/actor';
import { orRefuse } from '../../shared/kernel/refusal';
import { routes } from '../../shared/routes';

/**
 * The organizer API for support groups (Bearer API key), as for workshops: `read` (or `workshops`)
 * to read, `workshops` to create; a key sees the groups it organizes (it becomes an organizer of
 * those it creates), every group with the admin scope. Creation is audited under the key's id.
 */
const READ: Scope[] = ['read', 'workshops'];
const WRITE: Scope[] = ['workshops'];

const authorized =
  (needs: Scope[], route: (event: HttpEvent, actor: Actor, at: Date) => ReturnType<Route>): Route =>
  async (event) => {
    const at = now();
    return route(event, apiKeyActor(await requireApiKey(event, needs, at)), at);
  };

export const handler = httpHandler(routes.organizerGroups, {
  list: authorized(READ, async (_event, actor, at) => json(200, { groups: await GroupOrganizing.list(actor, at) })),
  create: authorized(WRITE, async (event, actor, at) => json(201, { group: orRefuse(await GroupOrganizing.create(actor, jsonBody(event, NewGroup), at)) })),
  get: authorized(READ, async (event, actor, at) => json(200, { group: await GroupOrganizing.get(actor, pathParam(event, 'id'), at) })),
});
