import type { ApiKey, Scope } from '../../shared/console/api-key-store';
import { apiKeyActor, isAdminKey, requireApiKey } from '../../shared/console/require-api-key';
import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/kernel/audit-store';
import { Organizers } from '../../shared/console/organizer-store';
import { HttpError } from '../../shared/http/errors';
import { httpHandler, type Route } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { jsonBody, pathParam, type HttpEvent } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { CancelWorkshop, NewWorkshop, WorkshopChanges, WorkshopOrganizersInput } from '../../shared/workshops/model';
import {
  cancelWorkshop,
  changeWorkshopOrganizers,
  createWorkshop,
  getOrganizedWorkshop,
  listWorkshops,
  organizes,
  publishWorkshop,
  roster,
  updateWorkshop,
  withoutPlace,
  type WorkshopActor,
} from '../../shared/workshops/workshops';
import { toOrganizerWorkshop } from '../../shared/workshops/organizer-view';
import { SurveyInput } from '../../shared/surveys/model';
import { surveyJson, surveyOverview } from '../../shared/surveys/overview';
import { saveSurvey } from '../../shared/surveys/settings';

/**
 * The organizer API for workshops (Bearer API key). Every route checks the key and its scope before
 * it reads the body or the table: `read` (or `workshops`) to read, `workshops` to change and to see
 * registrations (personal data); `admin` is every scope. A key sees the registrations of, and
 * changes, only the workshops it organizes (it is added as an organizer of those it creates), unless
 * it has the admin scope. Every change is audited under the key's id.
 */
const READ: Scope[] = ['read', 'workshops'];
const WRITE: Scope[] = ['workshops'];

const authorized =
  (needs: Scope[], route: (event: HttpEvent, apiKey: ApiKey, actor: WorkshopActor, at: Date) => ReturnType<Route>): Route =>
  async (event) => {
    const at = now();
    const apiKey = await requireApiKey(event, needs, at);
    return route(event, apiKey, { id: apiKeyActor(apiKey), admin: isAdminKey(apiKey) }, at);
  };

const audit = (actor: WorkshopActor, action: string, target: string, at: Date) => AuditLog.record(actor.id, action, target, at);

const workshopId = (event: HttpEvent) => pathParam(event, 'id');

export const handler = httpHandler(routes.organizerApi, {
  /** Every workshop; those the key does not organize without their place, link or cancellation message. */
  list: authorized(READ, async (_event, _key, actor) =>
    json(200, {
      workshops: (await listWorkshops()).map((workshop) => (organizes(workshop, actor) ? toOrganizerWorkshop(workshop) : withoutPlace(toOrganizerWorkshop(workshop)))),
    }),
  ),
  create: authorized(WRITE, async (event, _key, actor, at) => {
    const created = await createWorkshop(jsonBody(event, NewWorkshop), at, [actor.id]);
    await audit(actor, 'workshop-created', created.id, at);
    return json(201, { workshop: toOrganizerWorkshop(created) });
  }),
  update: authorized(WRITE, async (event, _key, actor, at) => {
    const changes = jsonBody(event, WorkshopChanges);
    const before = await getOrganizedWorkshop(workshopId(event), actor);
    const after = await updateWorkshop(before.id, changes, at);
    if (after.updatedAt !== before.updatedAt) await audit(actor, 'workshop-updated', before.id, at);
    return json(200, { workshop: toOrganizerWorkshop(after) });
  }),
  publish: authorized(WRITE, async (event, _key, actor, at) => {
    const before = await getOrganizedWorkshop(workshopId(event), actor);
    const after = await publishWorkshop(before.id, at);
    if (before.status !== 'published') await audit(actor, 'workshop-published', before.id, at);
    return json(200, { workshop: toOrganizerWorkshop(after) });
  }),
  cancel: authorized(WRITE, async (event, _key, actor, at) => {
    const { message } = jsonBody(event, CancelWorkshop, { optional: true });
    const before = await getOrganizedWorkshop(workshopId(event), actor);
    const after = await cancelWorkshop(before.id, message, at);
    if (before.status !== 'cancelled') await audit(actor, 'workshop-cancelled', before.id, at);
    return json(200, { workshop: toOrganizerWorkshop(after) });
  }),
  /**
   * Sets the workshop's console organizers to these addresses (each must be an organizer, else 400
   * naming it); the API keys among its organizers stay. For its organizers and admins.
   */
  organizers: authorized(WRITE, async (event, _key, actor, at) => {
    const { organizers: emails } = jsonBody(event, WorkshopOrganizersInput);
    const before = await getOrganizedWorkshop(workshopId(event), actor);
    const found = await Promise.all(emails.map((email) => Organizers.findByEmail(email)));
    const unknown = Object.fromEntries(found.flatMap((organizer, i) => (organizer ? [] : [[`organizers.${i}`, 'Not an organizer: an admin adds organizers first']])));
    if (Object.keys(unknown).length) throw new HttpError(400, 'Some fields need attention', unknown);
    const people = found.map((organizer) => organizer!.id);
    const { workshop, changed } = await changeWorkshopOrganizers(before.id, (ids) => [...ids.filter((id) => id.startsWith('api-key:')), ...people], at);
    if (changed) await audit(actor, 'workshop-organizers-changed', before.id, at);
    return json(200, { workshop: toOrganizerWorkshop(workshop) });
  }),
  /** Personal data: the `workshops` scope, and only for the workshop's organizers (or admin). */
  registrations: authorized(WRITE, async (event, _key, actor) => {
    const workshop = await getOrganizedWorkshop(workshopId(event), actor);
    return json(200, { registrations: await roster(workshop.id) });
  }),
  /** The survey's questions and timing, and its results (counts only from 3 answers on). */
  survey: authorized(READ, async (event, _key, actor, at) => {
    const workshop = await getOrganizedWorkshop(workshopId(event), actor);
    return json(200, surveyJson(await surveyOverview(workshop, at)));
  }),
  /** Replaces the questions (timing left out stays); only before the workshop ends, else 409. */
  setSurvey: authorized(WRITE, async (event, _key, actor, at) => {
    const input = jsonBody(event, SurveyInput);
    const workshop = await getOrganizedWorkshop(workshopId(event), actor);
    await saveSurvey(workshop, input, at);
    await audit(actor, 'survey-updated', workshop.id, at);
    return json(200, surveyJson(await surveyOverview(workshop, at)));
  }),
});
