import * as z from 'zod/mini';
import '../../shared/zod-locale';
import { ApiKeys } from '../../shared/console/api-key-store';
import { apiKeyActor } from '../../shared/console/require-api-key';
import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/kernel/audit-store';
import type { ConsoleSession } from '../../shared/console/auth';
import { actionable, consoleActor, consoleChange, requireConsole } from '../../shared/console/http';
import { Organizers } from '../../shared/console/organizer-store';
import { fieldErrors, HttpError } from '../../shared/http/errors';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { idParam, queryParam } from '../../shared/http/request';
import { seeOther } from '../../shared/http/response';
import { CancelWorkshop, type Workshop } from '../../shared/workshops/model';
import { toOrganizerWorkshop } from '../../shared/workshops/organizer-view';
import {
  cancelWorkshop,
  changeWorkshopOrganizers,
  createWorkshop,
  getWorkshop,
  listWorkshops,
  mustOrganize,
  organizerIdsOf,
  organizes,
  publishWorkshop,
  updateWorkshop,
  withoutPlace,
  type WorkshopActor,
} from '../../shared/workshops/workshops';
import { consoleWorkshopPath } from '../../shared/web/console/dashboard';
import { isWorkshopDone, workshopDetailPage, type WorkshopDetailProps, type WorkshopDone, type WorkshopOrganizerRow } from '../../shared/web/console/workshop-detail';
import { usualTimeZone } from '../../shared/kernel/zoned-time';
import { workshopFormPage } from '../../shared/web/console/workshop-form';
import { formErrors, newWorkshopValues, readNewWorkshop, readWorkshopChanges, workshopFormFields, type WorkshopFormValues } from '../../shared/web/console/workshop-input';
import { errorPage } from '../../shared/web/pages/error';

/**
 * The console's workshop pages: create (as a draft), see, edit (reschedule, capacity, place),
 * publish, cancel, and its organizers. Every POST checks the Origin and the session's CSRF token
 * before it reads or writes anything else, and every change is recorded in the audit log (ids
 * only). Only a workshop's organizers and admins change it; other organizers see that it exists
 * and its counts (403 on its changes). Bad input re-renders the form with the typed values and each
 * message next to its field; after a change the browser is sent (303) to the workshop's page, which
 * says what happened.
 */

/** Ids are UUIDs; anything else is not a workshop (and never reaches the table). */
const load = async (id: string): Promise<Workshop> => toOrganizerWorkshop(await getWorkshop(id));

/** The workshop, if the signed-in organizer organizes it (or is an admin): else 403. */
const loadOrganized = async (id: string, current: ConsoleSession): Promise<Workshop> => mustOrganize(await load(id), consoleActor(current.organizer));

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

/** The workshop's organizers in words: an organizer's address, an API key's name, or that they were removed. */
const organizerRows = async (workshop: Workshop): Promise<WorkshopOrganizerRow[]> => {
  const ids = organizerIdsOf(workshop);
  if (ids.length === 0) return [];
  const [organizers, apiKeys] = await Promise.all([Organizers.list(), ids.some((id) => id.startsWith('api-key:')) ? ApiKeys.list() : []]);
  return ids.map((id) => {
    const organizer = organizers.find((one) => one.id === id);
    if (organizer) return { id, label: organizer.email };
    const apiKey = apiKeys.find((one) => apiKeyActor(one) === id);
    return { id, label: apiKey ? `API key “${apiKey.name}”` : 'A removed organizer or API key' };
  });
};

/** The workshop's page as this organizer may see it: all of it for its organizers and admins, else that it exists and its counts. */
const detailPage = async (current: ConsoleSession, workshop: Workshop, extras: Omit<WorkshopDetailProps, 'organizer' | 'csrfToken' | 'workshop' | 'organizes' | 'organizers'> = {}) => {
  const actor: WorkshopActor = consoleActor(current.organizer);
  const theirs = organizes(workshop, actor);
  return workshopDetailPage({
    organizer: current.organizer,
    csrfToken: current.session.csrf,
    workshop: theirs ? workshop : withoutPlace(workshop),
    organizes: theirs,
    organizers: await organizerRows(workshop),
    ...extras,
  });
};

const OrganizerEmail = z.string().check(z.trim(), z.maxLength(254, 'At most 254 characters'), z.email('Enter an email address like name@example.org'));

export const handler = httpHandler(
  routes.consoleWorkshops,
  {
    newForm: async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const timezone = usualTimeZone(await listWorkshops());
      return workshopFormPage({ organizer, csrfToken: session.csrf, values: newWorkshopValues(timezone) });
    },

    /** Creates a draft. */
    create: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const { organizer, session } = current;
      const values = formValues(form);
      const reading = readNewWorkshop(values);
      if (!reading.ok) return workshopFormPage({ organizer, csrfToken: session.csrf, values, errors: reading.errors });
      let created: Workshop;
      try {
        created = await createWorkshop(reading.value, at, [organizer.id]);
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

    show: async (event) => {
      const current = await requireConsole(event, now());
      const workshop = await load(idParam(event, 'id', 'Workshop not found'));
      const what = queryParam(event, 'done');
      return detailPage(current, workshop, isWorkshopDone(what) ? { done: what } : {});
    },

    editForm: async (event) => {
      const current = await requireConsole(event, now());
      const { organizer, session } = current;
      const workshop = await loadOrganized(idParam(event, 'id', 'Workshop not found'), current);
      return workshopFormPage({ organizer, csrfToken: session.csrf, workshop, status: workshop.status === 'cancelled' ? 409 : 200 });
    },

    /** Applies the form's changes: details, time (registrants are told), capacity, place. */
    update: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const { organizer, session } = current;
      const before = await loadOrganized(idParam(event, 'id', 'Workshop not found'), current);
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

    publish: async (event) => {
      const { at, current } = await consoleChange(event);
      const { organizer } = current;
      const before = await loadOrganized(idParam(event, 'id', 'Workshop not found'), current);
      try {
        await publishWorkshop(before.id, at);
      } catch (error) {
        if (!actionable(error)) throw error;
        return detailPage(current, before, { formError: publishProblem(error), status: error.status });
      }
      if (before.status !== 'published') await AuditLog.record(organizer.id, 'workshop-published', before.id, at);
      return done(before.id, 'published');
    },

    /** Cancels (once; a repeat only re-announces it) and mails everyone registered, with the message. */
    cancel: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const { organizer } = current;
      const before = await loadOrganized(idParam(event, 'id', 'Workshop not found'), current);
      const typed = form.message ?? '';
      const parsed = CancelWorkshop.safeParse(typed.trim() ? { message: typed } : {});
      if (!parsed.success) return detailPage(current, before, { errors: formErrors(fieldErrors(parsed.error)), values: { message: typed } });
      await cancelWorkshop(before.id, parsed.data.message, at);
      if (before.status !== 'cancelled') await AuditLog.record(organizer.id, 'workshop-cancelled', before.id, at);
      return done(before.id, 'cancelled');
    },

    /** Adds an organizer (by their address) to the workshop: for its organizers and admins. */
    addOrganizer: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const before = await loadOrganized(idParam(event, 'id', 'Workshop not found'), current);
      const typed = form.email ?? '';
      const email = OrganizerEmail.safeParse(typed);
      const refuse = (message: string, status: number) => detailPage(current, before, { errors: { organizerEmail: message }, values: { organizerEmail: typed }, status });
      if (!email.success) return refuse(email.error.issues[0]?.message ?? 'Enter an email address', 400);
      const added = await Organizers.findByEmail(email.data);
      if (!added) return refuse(`${email.data} is not an organizer. An admin can add them on the Organizers page first.`, 409);
      const { changed } = await changeWorkshopOrganizers(before.id, (ids) => [...ids, added.id], at);
      if (changed) await AuditLog.record(current.organizer.id, 'workshop-organizer-added', before.id, at);
      return done(before.id, changed ? 'organizer-added' : 'unchanged');
    },

    /** Removes one of the workshop's organizers (`who`: their id, or `api-key:<id>`): for its organizers and admins. */
    removeOrganizer: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const before = await loadOrganized(idParam(event, 'id', 'Workshop not found'), current);
      const who = form.who ?? '';
      if (!organizerIdsOf(before).includes(who)) return done(before.id, 'unchanged');
      const { changed } = await changeWorkshopOrganizers(before.id, (ids) => ids.filter((id) => id !== who), at);
      if (changed) await AuditLog.record(current.organizer.id, 'workshop-organizer-removed', before.id, at);
      // Someone who removed themselves sees the workshop as other organizers do from now on.
      return done(before.id, changed ? 'organizer-removed' : 'unchanged');
    },
  },
  { errorPage },
);
