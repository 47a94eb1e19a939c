import '../../shared/zod-locale';
import type { ConsoleSession } from '../../shared/console/auth';
import { consoleChange, consoleRead } from '../../shared/console/http';
import { httpHandler } from '../../shared/http/handler';
import { onForm } from '../../shared/http/refusal';
import { idParam, queryParam, type HttpEvent } from '../../shared/http/request';
import { seeOther } from '../../shared/http/response';
import type { Actor } from '../../shared/kernel/actor';
import type { Refusal } from '../../shared/kernel/refusal';
import { routes } from '../../shared/routes';
import { CancelWorkshop } from '../../shared/workshops/model';
import { OrganizerEmail, Organizing } from '../../shared/workshops/organizing';
import { listWorkshops } from '../../shared/workshops/workshops';
import { consoleWorkshopPath } from '../../shared/web/console/dashboard';
import { isWorkshopDone, workshopDetailPage, type WorkshopDetailProps, type WorkshopDone } from '../../shared/web/console/workshop-detail';
import { usualTimeZone } from '../../shared/kernel/zoned-time';
import { workshopFormPage } from '../../shared/web/console/workshop-form';
import { formErrors, newWorkshopValues, readNewWorkshop, readWorkshopChanges, workshopFormFields, type WorkshopFormValues } from '../../shared/web/console/workshop-input';
import { errorPage } from '../../shared/web/pages/error';
import { fieldErrors } from '../../shared/kernel/fields';

/**
 * The console's workshop pages: create (as a draft), see, edit (reschedule, capacity, place),
 * publish, cancel, and its organizers. Each route parses, calls one operation of
 * shared/workshops/organizing.ts with the signed-in organizer as its actor (which checks what they
 * may do and audits the change) and renders. Every POST passes the console's form gate (Origin,
 * session, CSRF token) first. Bad input re-renders the form with the typed values and each message
 * next to its field; after a change the browser is sent (303) to the workshop's page, which says
 * what happened.
 */

const workshopId = (event: HttpEvent) => idParam(event, 'id', 'Workshop not found');

const formValues = (form: Record<string, string>): WorkshopFormValues => {
  const values: WorkshopFormValues = {};
  for (const { name } of workshopFormFields) if (form[name] !== undefined) values[name] = form[name];
  return values;
};

const done = (id: string, what: WorkshopDone) => seeOther(`${consoleWorkshopPath(id)}?done=${what}`);

/** A refusal on the workshop form: its fields next to theirs, else its message above the form. */
const onWorkshopForm = (refusal: Refusal) => {
  const { formError, errors, status } = onForm(refusal);
  return { errors: formErrors(errors), ...(errors ? {} : { formError }), status };
};

/** Publishing's refusals in words that say what to do. */
const publishProblem = (refusal: Refusal): string =>
  refusal.fields?.startsAt
    ? 'The workshop cannot be published because its start time has passed. Edit the date and time first.'
    : refusal.fields
      ? `The workshop cannot be published: ${Object.values(refusal.fields).join(' ')}`
      : refusal.message;

type DetailExtras = Omit<WorkshopDetailProps, 'organizer' | 'csrfToken' | 'workshop' | 'organizes' | 'organizers'>;

/** The workshop's page as this organizer may see it (Organizing.view). */
const detailPage = async (current: ConsoleSession, actor: Actor, id: string, extras: DetailExtras = {}) =>
  workshopDetailPage({ organizer: current.organizer, csrfToken: current.session.csrf, ...(await Organizing.view(actor, id)), ...extras });

export const handler = httpHandler(
  routes.consoleWorkshops,
  {
    newForm: async (event) => {
      const { current } = await consoleRead(event);
      const values = newWorkshopValues(usualTimeZone(await listWorkshops()));
      return workshopFormPage({ organizer: current.organizer, csrfToken: current.session.csrf, values });
    },

    /** Creates a draft. */
    create: async (event) => {
      const { at, current, form, actor } = await consoleChange(event);
      const values = formValues(form);
      const page = (extras: Partial<Parameters<typeof workshopFormPage>[0]>) => workshopFormPage({ organizer: current.organizer, csrfToken: current.session.csrf, values, ...extras });
      const reading = readNewWorkshop(values);
      if (!reading.ok) return page({ errors: reading.errors });
      const created = await Organizing.create(actor, reading.value, at);
      return created.ok ? done(created.value.id, 'created') : page(onWorkshopForm(created));
    },

    show: async (event) => {
      const { current, actor } = await consoleRead(event);
      const what = queryParam(event, 'done');
      return detailPage(current, actor, workshopId(event), isWorkshopDone(what) ? { done: what } : {});
    },

    editForm: async (event) => {
      const { current, actor } = await consoleRead(event);
      const workshop = await Organizing.get(actor, workshopId(event));
      return workshopFormPage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop, status: workshop.status === 'cancelled' ? 409 : 200 });
    },

    /** Applies the form's changes: details, time (registrants are told), capacity, place. */
    update: async (event) => {
      const { at, current, form, actor } = await consoleChange(event);
      const before = await Organizing.get(actor, workshopId(event));
      const values = formValues(form);
      const page = (extras: Partial<Parameters<typeof workshopFormPage>[0]>) => workshopFormPage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop: before, values, ...extras });
      const reading = readWorkshopChanges(values, before);
      if (!reading.ok) return page({ errors: reading.errors });
      if (!reading.value) return done(before.id, 'unchanged');
      const updated = await Organizing.update(actor, before.id, reading.value, at);
      if (!updated.ok) return page(onWorkshopForm(updated));
      const { after } = updated.value;
      return done(before.id, after.status === 'published' && after.sequence !== before.sequence ? 'rescheduled' : 'updated');
    },

    publish: async (event) => {
      const { at, current, actor } = await consoleChange(event);
      const published = await Organizing.publish(actor, workshopId(event), at);
      if (published.ok) return done(published.value.after.id, 'published');
      return detailPage(current, actor, workshopId(event), { formError: publishProblem(published), status: onForm(published).status });
    },

    /** Cancels (once; a repeat only re-announces it) and mails everyone registered, with the message. */
    cancel: async (event) => {
      const { at, current, form, actor } = await consoleChange(event);
      const id = (await Organizing.get(actor, workshopId(event))).id;
      const typed = form.message ?? '';
      const parsed = CancelWorkshop.safeParse(typed.trim() ? { message: typed } : {});
      if (!parsed.success) return detailPage(current, actor, id, { errors: formErrors(fieldErrors(parsed.error)), values: { message: typed } });
      await Organizing.cancel(actor, id, parsed.data.message, at);
      return done(id, 'cancelled');
    },

    /** Adds an organizer (by their address) to the workshop: for its organizers and admins. */
    addOrganizer: async (event) => {
      const { at, current, form, actor } = await consoleChange(event);
      const id = (await Organizing.get(actor, workshopId(event))).id;
      const typed = form.email ?? '';
      const refused = (message: string, status: number) => detailPage(current, actor, id, { errors: { organizerEmail: message }, values: { organizerEmail: typed }, status });
      const email = OrganizerEmail.safeParse(typed);
      if (!email.success) return refused(email.error.issues[0]?.message ?? 'Enter an email address', 400);
      const added = await Organizing.addOrganizer(actor, id, email.data, at);
      if (!added.ok) return refused(added.message, onForm(added).status);
      return done(id, added.value.changed ? 'organizer-added' : 'unchanged');
    },

    /** Removes one of the workshop's organizers (`who`: their id, or `api-key:<id>`); who removed themselves sees it as other organizers do. */
    removeOrganizer: async (event) => {
      const { at, form, actor } = await consoleChange(event);
      const { workshop, changed } = await Organizing.removeOrganizer(actor, workshopId(event), form.who ?? '', at);
      return done(workshop.id, changed ? 'organizer-removed' : 'unchanged');
    },
  },
  { errorPage },
);
