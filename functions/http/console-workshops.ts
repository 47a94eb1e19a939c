import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/console/audit-store';
import { actionable, consoleChange, requireConsole } from '../../shared/console/http';
import { fieldErrors, HttpError } from '../../shared/http/errors';
import { httpHandler } from '../../shared/http/handler';
import { idParam, queryParam } from '../../shared/http/request';
import { seeOther } from '../../shared/http/response';
import { CancelWorkshop, type Workshop } from '../../shared/registration/model';
import { toOrganizerWorkshop } from '../../shared/registration/organizer-view';
import {
  cancelWorkshop,
  createWorkshop,
  getWorkshop,
  listWorkshops,
  publishWorkshop,
  updateWorkshop,
} from '../../shared/registration/workshops';
import { consoleWorkshopPath } from '../../shared/web/console/dashboard';
import { isWorkshopDone, workshopDetailPage, type WorkshopDone } from '../../shared/web/console/workshop-detail';
import {
  formErrors,
  newWorkshopValues,
  readNewWorkshop,
  readWorkshopChanges,
  usualTimeZone,
  workshopFormFields,
  workshopFormPage,
  type WorkshopFormValues,
} from '../../shared/web/console/workshop-form';
import { errorPage } from '../../shared/web/pages/error';

/**
 * The console's workshop pages: create (as a draft), see, edit (reschedule, capacity, place),
 * publish and cancel. Every POST checks the Origin and the session's CSRF token before it reads or
 * writes anything else, and every change is recorded in the audit log (ids only). Bad input
 * re-renders the form with the typed values and each message next to its field; after a change the
 * browser is sent (303) to the workshop's page, which says what happened.
 */

/** Ids are UUIDs; anything else is not a workshop (and never reaches the table). */
const load = async (id: string): Promise<Workshop> => toOrganizerWorkshop(await getWorkshop(id));

const formValues = (form: Record<string, string>): WorkshopFormValues => {
  const values: WorkshopFormValues = {};
  for (const { name } of workshopFormFields) if (form[name] !== undefined) values[name] = form[name];
  return values;
};

const done = (id: string, what: WorkshopDone) => seeOther(`${consoleWorkshopPath(id)}?done=${what}`);

/** Publishing's refusals in words that say what to do. */
const publishProblem = (error: HttpError): string =>
  error.fields?.startsAt
    ? 'The workshop cannot be published because its start time has passed. Edit the date and time first.'
    : error.fields
      ? `The workshop cannot be published: ${Object.values(error.fields).join(' ')}`
      : error.message;

export const handler = httpHandler(
  {
    'GET /console/workshops/new': async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const timezone = usualTimeZone(await listWorkshops());
      return workshopFormPage({ organizer, csrfToken: session.csrf, values: newWorkshopValues(timezone) });
    },

    /** Creates a draft. */
    'POST /console/workshops': async (event) => {
      const { at, current, form } = await consoleChange(event);
      const { organizer, session } = current;
      const values = formValues(form);
      const reading = readNewWorkshop(values);
      if (!reading.ok) return workshopFormPage({ organizer, csrfToken: session.csrf, values, errors: reading.errors });
      let created: Workshop;
      try {
        created = await createWorkshop(reading.value, at);
      } catch (error) {
        if (!actionable(error)) throw error;
        return workshopFormPage({
          organizer,
          csrfToken: session.csrf,
          values,
          errors: formErrors(error.fields),
          ...(error.fields ? {} : { formError: error.message }),
          status: error.status,
        });
      }
      await AuditLog.record(organizer.id, 'workshop-created', created.id, at);
      return done(created.id, 'created');
    },

    'GET /console/workshops/{id}': async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const workshop = await load(idParam(event, 'id', 'Workshop not found'));
      const what = queryParam(event, 'done');
      return workshopDetailPage({ organizer, csrfToken: session.csrf, workshop, ...(isWorkshopDone(what) ? { done: what } : {}) });
    },

    'GET /console/workshops/{id}/edit': async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const workshop = await load(idParam(event, 'id', 'Workshop not found'));
      return workshopFormPage({ organizer, csrfToken: session.csrf, workshop, status: workshop.status === 'cancelled' ? 409 : 200 });
    },

    /** Applies the form's changes: details, time (registrants are told), capacity, place. */
    'POST /console/workshops/{id}': async (event) => {
      const { at, current, form } = await consoleChange(event);
      const { organizer, session } = current;
      const before = await load(idParam(event, 'id', 'Workshop not found'));
      const values = formValues(form);
      const reading = readWorkshopChanges(values, before);
      if (!reading.ok) return workshopFormPage({ organizer, csrfToken: session.csrf, workshop: before, values, errors: reading.errors });
      if (!reading.value) return done(before.id, 'unchanged');
      let after: Workshop;
      try {
        after = await updateWorkshop(before.id, reading.value, at);
      } catch (error) {
        if (!actionable(error)) throw error;
        return workshopFormPage({
          organizer,
          csrfToken: session.csrf,
          workshop: before,
          values,
          errors: formErrors(error.fields),
          ...(error.fields ? {} : { formError: error.message }),
          status: error.status,
        });
      }
      await AuditLog.record(organizer.id, 'workshop-updated', before.id, at);
      return done(before.id, after.status === 'published' && after.sequence !== before.sequence ? 'rescheduled' : 'updated');
    },

    'POST /console/workshops/{id}/publish': async (event) => {
      const { at, current } = await consoleChange(event);
      const { organizer, session } = current;
      const before = await load(idParam(event, 'id', 'Workshop not found'));
      try {
        await publishWorkshop(before.id, at);
      } catch (error) {
        if (!actionable(error)) throw error;
        return workshopDetailPage({ organizer, csrfToken: session.csrf, workshop: before, formError: publishProblem(error), status: error.status });
      }
      if (before.status !== 'published') await AuditLog.record(organizer.id, 'workshop-published', before.id, at);
      return done(before.id, 'published');
    },

    /** Cancels (once; a repeat only re-announces it) and mails everyone registered, with the message. */
    'POST /console/workshops/{id}/cancel': async (event) => {
      const { at, current, form } = await consoleChange(event);
      const { organizer, session } = current;
      const before = await load(idParam(event, 'id', 'Workshop not found'));
      const typed = form.message ?? '';
      const parsed = CancelWorkshop.safeParse(typed.trim() ? { message: typed } : {});
      if (!parsed.success) {
        return workshopDetailPage({ organizer, csrfToken: session.csrf, workshop: before, errors: formErrors(fieldErrors(parsed.error)), values: { message: typed } });
      }
      await cancelWorkshop(before.id, parsed.data.message, at);
      if (before.status !== 'cancelled') await AuditLog.record(organizer.id, 'workshop-cancelled', before.id, at);
      return done(before.id, 'cancelled');
    },
  },
  { errorPage },
);
