import { requireApiKey } from '../../shared/auth/require-api-key';
import { now } from '../../shared/clock';
import { httpHandler, type Route } from '../../shared/http/handler';
import { jsonBody, pathParam } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { CancelWorkshop, NewWorkshop, WorkshopChanges } from '../../shared/registration/model';
import {
  cancelWorkshop,
  createWorkshop,
  getWorkshop,
  listWorkshops,
  publishWorkshop,
  roster,
  updateWorkshop,
} from '../../shared/registration/workshops';
import { toOrganizerWorkshop } from '../../shared/registration/organizer-view';
import { SurveyInput } from '../../shared/surveys/model';
import { surveyJson, surveyOverview } from '../../shared/surveys/overview';
import { saveSurvey } from '../../shared/surveys/settings';

/** Every organizer route checks the key before it reads the body or the table. */
const authorized = (route: Route): Route => async (event) => {
  await requireApiKey(event);
  return route(event);
};

export const handler = httpHandler({
  'GET /api/organizer/workshops': authorized(async () => json(200, { workshops: (await listWorkshops()).map(toOrganizerWorkshop) })),
  'POST /api/organizer/workshops': authorized(async (event) =>
    json(201, { workshop: toOrganizerWorkshop(await createWorkshop(jsonBody(event, NewWorkshop), now())) }),
  ),
  'PATCH /api/organizer/workshops/{id}': authorized(async (event) =>
    json(200, { workshop: toOrganizerWorkshop(await updateWorkshop(pathParam(event, 'id'), jsonBody(event, WorkshopChanges), now())) }),
  ),
  'POST /api/organizer/workshops/{id}/publish': authorized(async (event) =>
    json(200, { workshop: toOrganizerWorkshop(await publishWorkshop(pathParam(event, 'id'), now())) }),
  ),
  'POST /api/organizer/workshops/{id}/cancel': authorized(async (event) => {
    const { message } = jsonBody(event, CancelWorkshop, { optional: true });
    return json(200, { workshop: toOrganizerWorkshop(await cancelWorkshop(pathParam(event, 'id'), message, now())) });
  }),
  'GET /api/organizer/workshops/{id}/registrations': authorized(async (event) =>
    json(200, { registrations: await roster(pathParam(event, 'id')) }),
  ),
  /** The survey's questions and timing, and its results (counts only from 3 answers on). */
  'GET /api/organizer/workshops/{id}/survey': authorized(async (event) => {
    const at = now();
    const workshop = await getWorkshop(pathParam(event, 'id'));
    return json(200, surveyJson(await surveyOverview(workshop, at)));
  }),
  /** Replaces the questions (timing left out stays); only before the workshop ends, else 409. */
  'PUT /api/organizer/workshops/{id}/survey': authorized(async (event) => {
    const at = now();
    const input = jsonBody(event, SurveyInput);
    const workshop = await getWorkshop(pathParam(event, 'id'));
    await saveSurvey(workshop, input, at);
    return json(200, surveyJson(await surveyOverview(workshop, at)));
  }),
});
