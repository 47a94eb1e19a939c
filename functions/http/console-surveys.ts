import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/kernel/audit-store';
import { consoleActor, requireConsole, requireConsoleForm } from '../../shared/console/http';
import { HttpError, fieldErrors } from '../../shared/http/errors';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { idParam, queryParam } from '../../shared/http/request';
import { csvDownload, seeOther, type HttpResult } from '../../shared/http/response';
import { getOrganizedWorkshop } from '../../shared/workshops/workshops';
import { SurveyInput } from '../../shared/surveys/model';
import { surveyExport, surveyOverview } from '../../shared/surveys/overview';
import { surveyFileName } from '../../shared/surveys/results';
import { saveSurvey, surveyLockedReason, surveyOf } from '../../shared/surveys/settings';
import { SurveyStore } from '../../shared/surveys/survey-store';
import { surveyEditPage } from '../../shared/web/console/survey-edit';
import { readSurveyForm, surveyFormValues } from '../../shared/web/console/survey-input';
import { surveyPath, surveyResultsPage } from '../../shared/web/console/survey-results';
import { errorPage } from '../../shared/web/pages/error';

/**
 * Console: a workshop's feedback survey (questions, timing, results) and the CSV of its answers.
 * Results and the CSV show only from K answers on. For the workshop's organizers and admins only. Every POST passes the console's form gate
 * (Origin, session, CSRF token) before anything else; saves and downloads are audited (ids only).
 */
export const handler = httpHandler(
  routes.consoleSurveys,
  {
    results: async (event) => {
      const at = now();
      const { organizer, session } = await requireConsole(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id', 'Workshop not found'), consoleActor(organizer));
      const overview = await surveyOverview(workshop, at);
      return surveyResultsPage({ organizer, csrfToken: session.csrf, workshop, overview, at, saved: queryParam(event, 'done') === 'saved' });
    },

    resultsCsv: async (event): Promise<HttpResult> => {
      const at = now();
      const { organizer } = await requireConsole(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id', 'Workshop not found'), consoleActor(organizer));
      const body = await surveyExport(workshop.id);
      if (body === undefined) throw new HttpError(409, 'The answers can be downloaded once at least 3 people have answered.');
      await AuditLog.record(organizer.id, 'survey-exported', workshop.id, at);
      return csvDownload(surveyFileName(workshop.startsAt, workshop.timezone), body);
    },

    editForm: async (event) => {
      const at = now();
      const { organizer, session } = await requireConsole(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id', 'Workshop not found'), consoleActor(organizer));
      const locked = surveyLockedReason(workshop, (await SurveyStore.counters(workshop.id)).invited ?? 0, at);
      if (locked) throw new HttpError(409, locked);
      return surveyEditPage({ organizer, csrfToken: session.csrf, workshop, values: surveyFormValues(await surveyOf(workshop.id)) });
    },

    save: async (event) => {
      const at = now();
      const { current, form } = await requireConsoleForm(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id', 'Workshop not found'), consoleActor(current.organizer));
      const { csrf: _csrf, ...values } = form;
      const page = (errors: Record<string, string>, formError?: string, status?: number) =>
        surveyEditPage({
          organizer: current.organizer,
          csrfToken: current.session.csrf,
          workshop,
          values,
          errors,
          ...(formError ? { formError } : {}),
          ...(status ? { status } : {}),
        });
      const read = readSurveyForm(values);
      const parsed = SurveyInput.safeParse(read.input);
      const mapped = (fields: Record<string, string>) => {
        const errors: Record<string, string> = { ...read.errors };
        for (const [path, message] of Object.entries(fields)) errors[read.fieldOf(path)] ??= message;
        return errors;
      };
      if (!parsed.success) return page(mapped(fieldErrors(parsed.error)));
      if (Object.keys(read.errors).length) return page(read.errors);
      try {
        await saveSurvey(workshop, parsed.data, at);
      } catch (error) {
        if (error instanceof HttpError && error.status === 400 && error.fields) return page(mapped(error.fields));
        if (error instanceof HttpError && error.status === 409) return page({}, error.message, 409);
        throw error;
      }
      await AuditLog.record(current.organizer.id, 'survey-updated', workshop.id, at);
      return seeOther(`${surveyPath(workshop.id)}?done=saved`);
    },
  },
  { errorPage },
);
