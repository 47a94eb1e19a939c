import type { ApiKey, Scope } from '../../shared/console/api-key-store';
import { requireApiKey } from '../../shared/console/require-api-key';
import { now } from '../../shared/clock';
import { httpHandler, type Route } from '../../shared/http/handler';
import { jsonBody, pathParam, type HttpEvent } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { apiKeyActor, type Actor } from '../../shared/kernel/actor';
import { orRefuse } from '../../shared/kernel/refusal';
import { routes } from '../../shared/routes';
import { CancelWorkshop, NewWorkshop, WorkshopChanges, WorkshopOrganizersInput } from '../../shared/workshops/model';
import { Organizing } from '../../shared/workshops/organizing';
import { toOrganizerWorkshop } from '../../shared/workshops/organizer-view';
import { listWorkshops, organizes, withoutPlace } from '../../shared/workshops/workshops';
import { SurveyInput } from '../../shared/surveys/model';
import { surveyJson } from '../../shared/surveys/overview';
import { Surveys } from '../../shared/surveys/surveys';

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
  (needs: Scope[], route: (event: HttpEvent, apiKey: ApiKey, actor: Actor, at: Date) => ReturnType<Route>): Route =>
  async (event) => {
    const at = now();
    const apiKey = await requireApiKey(event, needs, at);
    return route(event, apiKey, apiKeyActor(apiKey), at);
  };

const workshopId = (event: HttpEvent) => pathParam(event, 'id');

export const handler = httpHandler(routes.organizerApi, {
  /** Every workshop; those the key does not organize without their place, link or cancellation message. */
  list: authorized(READ, async (_event, _key, actor) =>
    json(200, {
      workshops: (await listWorkshops()).map((workshop) => (organizes(workshop, actor) ? toOrganizerWorkshop(workshop) : withoutPlace(toOrganizerWorkshop(workshop)))),
    }),
  ),
  create: authorized(WRITE, async (event, _key, actor, at) => {
    const input = jsonBody(event, NewWorkshop);
    return json(201, { workshop: orRefuse(await Organizing.create(actor, input, at)) });
  }),
  update: authorized(WRITE, async (event, _key, actor, at) => {
    const changes = jsonBody(event, WorkshopChanges);
    return json(200, { workshop: orRefuse(await Organizing.update(actor, workshopId(event), changes, at)).after });
  }),
  publish: authorized(WRITE, async (event, _key, actor, at) => json(200, { workshop: orRefuse(await Organizing.publish(actor, workshopId(event), at)).after })),
  cancel: authorized(WRITE, async (event, _key, actor, at) => {
    const { message } = jsonBody(event, CancelWorkshop, { optional: true });
    return json(200, { workshop: orRefuse(await Organizing.cancel(actor, workshopId(event), message, at)).after });
  }),
  /**
   * Sets the workshop's console organizers to these addresses (each must be an organizer, else 400
   * naming it); the API keys among its organizers stay. For its organizers and admins.
   */
  organizers: authorized(WRITE, async (event, _key, actor, at) => {
    const { organizers: emails } = jsonBody(event, WorkshopOrganizersInput);
    return json(200, { workshop: orRefuse(await Organizing.setOrganizers(actor, workshopId(event), emails, at)) });
  }),
  /** Personal data: the `workshops` scope, and only for the workshop's organizers (or admin). */
  registrations: authorized(WRITE, async (event, _key, actor) => json(200, { registrations: (await Organizing.roster(actor, workshopId(event))).rows })),
  /** The survey's questions and timing, and its results (counts only from 3 answers on). */
  survey: authorized(READ, async (event, _key, actor, at) => json(200, surveyJson((await Surveys.overview(actor, workshopId(event), at)).overview))),
  /** Replaces the questions (timing left out stays); only before the workshop ends, else 409. */
  setSurvey: authorized(WRITE, async (event, _key, actor, at) => {
    const input = jsonBody(event, SurveyInput);
    orRefuse(await Surveys.save(actor, workshopId(event), input, at));
    return json(200, surveyJson((await Surveys.overview(actor, workshopId(event), at)).overview));
  }),
});
