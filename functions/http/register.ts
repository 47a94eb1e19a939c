import { now } from '../../shared/clock';
import { attempt, orRefuse } from '../../shared/kernel/refusal';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { formBody, jsonBody, pathParam, type HttpEvent } from '../../shared/http/request';
import { json, jsonError, type HttpResult } from '../../shared/http/response';
import { checkForm } from '../../shared/workshops/form-guard';
import { readRegistrationForm } from '../../shared/workshops/registration-form';
import { TOO_MANY_REGISTRATIONS } from '../../shared/workshops/limits';
import { RegistrationInput, RegistrationReceived, toPublicWorkshop } from '../../shared/workshops/model';
import { requestRegistration } from '../../shared/workshops/register';
import { getVisibleWorkshop } from '../../shared/workshops/workshops';
import { errorPage } from '../../shared/web/pages/error';
import { registrationResultPage } from '../../shared/web/pages/registration-result';
import { workshopPage } from '../../shared/web/pages/workshop';

/**
 * Registration, as JSON and as the HTML form. The answer depends only on whether the request is
 * valid and on the workshop's public state: 202 `{ status: "received" }` (the page: "Check your
 * inbox"), the same for a new address and a known one; the outcome goes by mail.
 */

/** The client, as console sign-in and the mailing list name it: the source IP API Gateway saw. */
const client = (event: HttpEvent) => event.requestContext?.http?.sourceIp;

const UNKNOWN_FIELDS = 'The form had fields we do not know; please use the form on this page.';
const FORM_EXPIRED = 'This page was open for more than a day. Please check your details and press the button again.';

const withRetryAfter = (result: HttpResult, seconds: number): HttpResult => ({ ...result, headers: { ...result.headers, 'retry-after': String(seconds) } });

export const handler = httpHandler(
  routes.register,
  {
    api: async (event) => {
      const input = jsonBody(event, RegistrationInput);
      const outcome = await requestRegistration(pathParam(event, 'id'), input, { client: client(event) }, now());
      if (outcome.kind === 'limited') return withRetryAfter(jsonError(429, TOO_MANY_REGISTRATIONS), outcome.retryAfterSeconds);
      return json(202, RegistrationReceived.parse({ status: 'received' }));
    },

    form: async (event) => {
      const at = now();
      const id = pathParam(event, 'id');
      const workshop = toPublicWorkshop(await getVisibleWorkshop(id));
      const { values, guard, reading, unknownFields } = readRegistrationForm(formBody(event));
      const { verdict, stamp } = await checkForm(id, guard, at);
      const again = (status: number, formError?: string, errors?: Record<string, string>, shown = workshop) =>
        workshopPage({ workshop: shown, values, errors, formError, status, formStamp: stamp });
      if (unknownFields.length > 0) return again(400, UNKNOWN_FIELDS, reading.ok ? {} : reading.errors);
      if (!reading.ok) return again(400, undefined, reading.errors);
      if (verdict === 'expired') return again(400, FORM_EXPIRED);
      const outcome = await attempt(() => requestRegistration(id, reading.value, { client: client(event), flagged: verdict === 'flagged' }, at));
      if (!outcome.ok && outcome.refused === 'conflict') return again(409, outcome.message, undefined, toPublicWorkshop(await getVisibleWorkshop(id)));
      const received = orRefuse(outcome);
      if (received.kind === 'limited') return withRetryAfter(errorPage(429, TOO_MANY_REGISTRATIONS), received.retryAfterSeconds);
      return registrationResultPage({ workshop, email: reading.value.email });
    },
  },
  { errorPage },
);
