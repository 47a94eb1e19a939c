import { now } from '../../shared/clock';
import { HttpError, fieldErrors } from '../../shared/http/errors';
import { httpHandler } from '../../shared/http/handler';
import { formBody, jsonBody, pathParam } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { RegistrationInput, toPublicWorkshop } from '../../shared/registration/model';
import { register } from '../../shared/registration/register';
import { getVisibleWorkshop } from '../../shared/registration/workshops';
import { errorPage } from '../../shared/web/pages/error';
import { registrationResultPage } from '../../shared/web/pages/registration-result';
import { workshopPage } from '../../shared/web/pages/workshop';

/** HTML form fields arrive as strings: the checkbox is "true" when ticked, empty fields are absent. */
const fromForm = (form: Record<string, string>) => {
  const { email, displayName, accessibilityNeeds, consent, ...unknown } = form;
  return {
    value: {
      email: email ?? '',
      ...(displayName?.trim() ? { displayName } : {}),
      ...(accessibilityNeeds?.trim() ? { accessibilityNeeds } : {}),
      consent: consent === 'true' || consent === 'on' ? true : undefined,
    },
    unknownFields: Object.keys(unknown),
  };
};

export const handler = httpHandler(
  {
    'POST /api/workshops/{id}/registrations': async (event) => {
      const input = jsonBody(event, RegistrationInput);
      const outcome = await register(pathParam(event, 'id'), input, now());
      return json(outcome.created ? 201 : 200, outcome.result);
    },

    'POST /workshops/{id}/register': async (event) => {
      const id = pathParam(event, 'id');
      const workshop = await getVisibleWorkshop(id);
      const form = formBody(event);
      const { value, unknownFields } = fromForm(form);
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
          workshop: toPublicWorkshop(workshop),
          values,
          errors,
          formError: unknownFields.length > 0 ? 'The form had fields we do not know; please use the form on this page.' : undefined,
          status: 400,
        });
      }
      try {
        const outcome = await register(id, parsed.data, now());
        return registrationResultPage({ workshop: toPublicWorkshop(workshop), result: outcome.result, existing: !outcome.created });
      } catch (error) {
        if (error instanceof HttpError && error.status === 409) {
          return workshopPage({ workshop: toPublicWorkshop(await getVisibleWorkshop(id)), values, formError: error.message, status: 409 });
        }
        throw error;
      }
    },
  },
  { errorPage },
);
