import { consoleChange, consoleRead } from '../../shared/console/http';
import { httpHandler } from '../../shared/http/handler';
import { onForm } from '../../shared/http/refusal';
import { idParam, queryParam, type HttpEvent } from '../../shared/http/request';
import { csvDownload, seeOther, type HttpResult } from '../../shared/http/response';
import { routes } from '../../shared/routes';
import { SurveyInput } from '../../shared/surveys/model';
import { Surveys } from '../../shared/surveys/surveys';
import { Organizing } from '../../shared/workshops/organizing';
import { surveyEditPage } from '../../shared/web/console/survey-edit';
import { readSurveyForm, surveyFormValues } from '../../shared/web/console/survey-input';
import { surveyPath, surveyResultsPage } from '../../shared/web/console/survey-results';
import { errorPage } from '../../shared/web/pages/error';
import { fieldErrors } from '../../shared/kernel/fields';

/**
 * Console: a workshop's feedback survey (questions, timing, results) and the CSV of its answers.
 * Results and the CSV show only from K answers on. For the workshop's organizers and admins only. Every POST passes the console's form gate
 * (Origin, session, CSRF token) before anything else; saves and downloads are audited (ids only).
 */
const workshopId = (event: HttpEvent) => idParam(event, 'id', 'Workshop not found');

export const handler = httpHandler(
  routes.consoleSurveys,
  {
    results: async (event) => {
      const { at, current, actor } = await consoleRead(event);
      const { workshop, overview } = await Surveys.overview(actor, workshopId(event), at);
      return surveyResultsPage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop, overview, at, saved: queryParam(event, 'done') === 'saved' });
    },

    resultsCsv: async (event): Promise<HttpResult> => {
      const { at, actor } = await consoleRead(event);
      const { fileName, body } = await Surveys.exportAnswers(actor, workshopId(event), at);
      return csvDownload(fileName, body);
    },

    editForm: async (event) => {
      const { at, current, actor } = await consoleRead(event);
      const { workshop, survey } = await Surveys.editable(actor, workshopId(event), at);
      return surveyEditPage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop, values: surveyFormValues(survey) });
    },

    save: async (event) => {
      const { at, current, form, actor } = await consoleChange(event);
      const workshop = await Organizing.get(actor, workshopId(event));
      const { csrf: _csrf, ...values } = form;
      const page = (extras: { errors?: Record<string, string>; formError?: string; status?: number }) =>
        surveyEditPage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop, values, errors: {}, ...extras });
      const read = readSurveyForm(values);
      const parsed = SurveyInput.safeParse(read.input);
      /** Messages by the form's own field names, the form's first. */
      const mapped = (fields: Record<string, string>) => {
        const errors: Record<string, string> = { ...read.errors };
        for (const [path, message] of Object.entries(fields)) errors[read.fieldOf(path)] ??= message;
        return errors;
      };
      if (!parsed.success) return page({ errors: mapped(fieldErrors(parsed.error)) });
      if (Object.keys(read.errors).length) return page({ errors: read.errors });
      const saved = await Surveys.save(actor, workshop.id, parsed.data, at);
      if (saved.ok) return seeOther(`${surveyPath(workshop.id)}?done=saved`);
      if (saved.refused === 'invalid' && saved.fields) return page({ errors: mapped(saved.fields) });
      const { formError, status } = onForm(saved);
      return page({ formError, status });
    },
  },
  { errorPage },
);
