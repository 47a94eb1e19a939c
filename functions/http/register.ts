import { now } from '../../shared/clock';
import { attempt, orRefuse } from '../../shared/kernel/refusal';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { formBody, jsonBody, pathParam, type HttpEvent } from '../../shared/http/request';
import { json, jsonError, type HttpResult } from '../../shared/http/response';
import { HONEYPOT_FIELD, STAMP_FIELD, checkForm } from '../../shared/workshops/form-guard';
import { TOO_MANY_REGISTRATIONS } from '../../shared/workshops/limits';
import { RegistrationInput, RegistrationReceived, toPublicWorkshop } from '../../shared/workshops/model';
import { requestRegistration } from '../../shared/workshops/register';
import { getVisibleWorkshop } from '../../shared/workshops/workshops';
import { errorPage } from '../../shared/web/pages/error';
import { registrationResultPage } from '../../shared/web/pages/registration-result';
import { workshopPage } from '../../shared/web/pages/workshop';
import { fieldErrors } from '../../shared/kernel/fields';

/**
 * Registration, as JSON and as the HTML form. The answer depends only on whether the request is
 * valid and on the workshop's public state: 202 `{ status: "received" }` (the page: "Check your
 * inbox"), the same for a new address and a known one; the outcome goes by mail.
 */

/** The client, as console sign-in and the mailing list name it: the source IP API Gateway saw. */
const client = (event: HttpEvent) => event.requestContext?.http?.sourceIp;

const withRetryAfter = (result: HttpResult, seconds: number): HttpResult => ({ ...result, headers: { ...result.headers, 'retry-after': String(seconds) } });

/** HTML form fields arrive as strings: the checkbox is "true" when ticked, empty fields are absent. */
const fromForm = (form: Record<string, string>) => {
  const { email, displayName, accessibilityNeeds, consent, [HONEYPOT_FIELD]: honeypot, [STAMP_FIELD]: stamp, ...unknown } = form;
  return {
    value: {
      email: email ?? '',
      ...(displayName?.trim() ? { displayName } : {}),
      ...(accessibilityNeeds?.trim() ? { accessibilityNeeds } : {}),
      consent: consent === 'true' || consent === 'on' ? true : undefined,
    },
    guard: { honeypot, stamp },
    unknownFields: Object.keys(unknown),
  };
};

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
      const form = formBody(event);
      const { value, guard, unknownFields } = fromForm(form);
      const { verdict, stamp } = await checkForm(id, guard, at);
      const values = {
        email: form.email ?? '',
        displayName: form.displayName ?? '',
        accessibilityNeeds: form.accessibilityNeeds ?? '',
        consent: value.consent ? 'true' : '',
      };
      const parsed = RegistrationInput.safeParse(value);
      if (!parsed.success || unknownFields.length > 0) {
        const errors = parsed.success ? {} : fieldErrors(parsed.error);
        return workshopPage({
          workshop,
          values,
          errors,
          formError: unknownFields.length > 0 ? 'The form had fields we do not know; please use the form on this page.' : undefined,
          status: 400,
          formStamp: stamp,
        });
      }
      if (verdict === 'expired') {
        const formError = 'This page was open for more than a day. Please check your details and press the button again.';
        return workshopPage({ workshop, values, formError, status: 400, formStamp: stamp });
      }
      const outcome = await attempt(() => requestRegistration(id, parsed.data, { client: client(event), flagged: verdict === 'flagged' }, at));
      if (!outcome.ok && outcome.refused === 'conflict') {
        return workshopPage({ workshop: toPublicWorkshop(await getVisibleWorkshop(id)), values, formError: outcome.message, status: 409, formStamp: stamp });
      }
      const received = orRefuse(outcome);
      if (received.kind === 'limited') return withRetryAfter(errorPage(429, TOO_MANY_REGISTRATIONS), received.retryAfterSeconds);
      return registrationResultPage({ workshop, email: parsed.data.email });
    },
  },
  { errorPage },
);
