import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/kernel/audit-store';
import { consoleActor, requireConsole, requireConsoleForm } from '../../shared/console/http';
import { HttpError, fieldErrors } from '../../shared/http/errors';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { idParam, queryParam, type HttpEvent } from '../../shared/http/request';
import { csvDownload, seeOther, type HttpResult } from '../../shared/http/response';
import { cancelRegistration } from '../../shared/workshops/cancel';
import { MESSAGE_SUBJECT_MAX, MESSAGE_TEXT_MAX, MessageId, MessageInput, getMessage, newMessageId, sendWorkshopMessage } from '../../shared/workshops/messages';
import { RegistrationStore } from '../../shared/workshops/registration-store';
import { rosterCsv, rosterFileName } from '../../shared/workshops/roster-csv';
import { getOrganizedWorkshop, roster } from '../../shared/workshops/workshops';
import { messagePage, messageSentPage } from '../../shared/web/console/message';
import { isRosterNotice, messagePath, removeConfirmPage, rosterPage, rosterPath, rowAnchor } from '../../shared/web/console/roster';
import { errorPage } from '../../shared/web/pages/error';

/**
 * Console: a workshop's roster, check-in, removing a registrant, the CSV export and messages to the
 * people with a place: for the workshop's organizers and admins only (403 for other organizers).
 * Every POST checks the Origin, the session and its CSRF token before anything else; every change
 * is audited with ids only.
 */

/** Origin, session, CSRF token: in that order, before anything else is read or changed. */
const requireForm = (event: HttpEvent, at: Date) => requireConsoleForm(event, at);

/** The roster, with each confirmed registrant's check-in. */
const loadRoster = (workshopId: string) => roster(workshopId);

const mustFindRegistration = async (workshopId: string, registrationId: string) => {
  const registration = await RegistrationStore.get(workshopId, registrationId);
  if (!registration) throw new HttpError(404, 'This registration was not found');
  return registration;
};

export const handler = httpHandler(
  routes.consoleRoster,
  {
    roster: async (event) => {
      const at = now();
      const { organizer, session } = await requireConsole(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id'), consoleActor(organizer));
      const done = queryParam(event, 'done');
      return rosterPage({
        organizer,
        csrfToken: session.csrf,
        workshop,
        rows: await loadRoster(workshop.id),
        at,
        ...(isRosterNotice(done) ? { notice: done } : {}),
      });
    },

    /** A download of personal data: audited (ids only). */
    rosterCsv: async (event): Promise<HttpResult> => {
      const at = now();
      const { organizer } = await requireConsole(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id'), consoleActor(organizer));
      const body = rosterCsv(await loadRoster(workshop.id));
      await AuditLog.record(organizer.id, 'roster-exported', workshop.id, at);
      return csvDownload(rosterFileName(workshop.startsAt, workshop.timezone), body);
    },

    /** Sets the check-in to what the button said (`attended=true|false`), so a double tap does not undo it. */
    checkIn: async (event) => {
      const at = now();
      const { current, form } = await requireForm(event, at);
      const workshopId = idParam(event, 'id');
      const registrationId = idParam(event, 'registrationId');
      if (form.attended !== 'true' && form.attended !== 'false') throw new HttpError(400, 'Reload the roster and press the button again.');
      const attended = form.attended === 'true';
      const workshop = await getOrganizedWorkshop(workshopId, consoleActor(current.organizer));
      if (workshop.status === 'cancelled') throw new HttpError(409, 'This workshop is cancelled; nobody can be checked in.');
      await mustFindRegistration(workshopId, registrationId);
      const outcome = await RegistrationStore.setAttended(workshopId, registrationId, attended ? at : undefined);
      if (outcome === 'not-confirmed') return seeOther(`${rosterPath(workshopId)}?done=not-confirmed`);
      if (outcome.wasAttended !== attended) {
        await AuditLog.record(current.organizer.id, attended ? 'registrant-checked-in' : 'registrant-check-in-undone', registrationId, at);
      }
      return seeOther(`${rosterPath(workshopId)}#${rowAnchor(registrationId)}`);
    },

    /** First press: a page that asks. Its button (`confirm=yes`) removes. */
    remove: async (event) => {
      const at = now();
      const { current, form } = await requireForm(event, at);
      const workshopId = idParam(event, 'id');
      const registrationId = idParam(event, 'registrationId');
      const workshop = await getOrganizedWorkshop(workshopId, consoleActor(current.organizer));
      const registration = await mustFindRegistration(workshopId, registrationId);
      if (registration.status === 'cancelled') return seeOther(`${rosterPath(workshopId)}#${rowAnchor(registrationId)}`);
      if (workshop.status === 'cancelled') throw new HttpError(409, 'This workshop is cancelled; everyone was emailed already.');
      if (Date.parse(workshop.endsAt) <= at.getTime()) throw new HttpError(409, 'This workshop has already taken place');
      if (form.confirm !== 'yes') {
        return removeConfirmPage({
          organizer: current.organizer,
          csrfToken: current.session.csrf,
          workshop,
          row: { id: registration.id, email: registration.email, displayName: registration.displayName ?? null, status: registration.status },
          waitlistCount: workshop.waitlistCount,
        });
      }
      const outcome = await cancelRegistration(workshopId, registrationId, 'organizer', at);
      if (!outcome.alreadyCancelled) await AuditLog.record(current.organizer.id, 'registrant-removed', registrationId, at);
      return seeOther(`${rosterPath(workshopId)}?done=removed`);
    },

    messageForm: async (event) => {
      const at = now();
      const { organizer, session } = await requireConsole(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id'), consoleActor(organizer));
      const sent = queryParam(event, 'sent');
      if (sent !== undefined) {
        const message = await getMessage(workshop.id, sent);
        if (!message) throw new HttpError(404, 'This message was not found');
        return messageSentPage({ organizer, csrfToken: session.csrf, workshop, message });
      }
      return messagePage({
        organizer,
        csrfToken: session.csrf,
        workshop,
        recipientCount: workshop.confirmedCount,
        messageId: newMessageId(),
        subjectMax: MESSAGE_SUBJECT_MAX,
        textMax: MESSAGE_TEXT_MAX,
      });
    },

    message: async (event) => {
      const at = now();
      const { current, form } = await requireForm(event, at);
      const workshop = await getOrganizedWorkshop(idParam(event, 'id'), consoleActor(current.organizer));
      const values = { subject: form.subject ?? '', text: form.text ?? '' };
      const page = (errors: Record<string, string>, formError?: string, status?: number) =>
        messagePage({
          organizer: current.organizer,
          csrfToken: current.session.csrf,
          workshop,
          recipientCount: workshop.confirmedCount,
          messageId: MessageId.safeParse(form.messageId).success ? form.messageId! : newMessageId(),
          values,
          errors,
          subjectMax: MESSAGE_SUBJECT_MAX,
          textMax: MESSAGE_TEXT_MAX,
          ...(formError ? { formError } : {}),
          ...(status ? { status } : {}),
        });
      const input = MessageInput.safeParse(values);
      if (!input.success) return page(fieldErrors(input.error));
      const outcome = await sendWorkshopMessage(workshop, input.data, { organizerId: current.organizer.id, messageId: form.messageId }, at);
      if (!outcome.ok) {
        return page(
          {},
          outcome.reason === 'cancelled' ? 'This workshop is cancelled, so no messages can be sent for it.' : 'Nobody has a confirmed place, so there is nobody to send this to.',
          409,
        );
      }
      if (!outcome.repeated) await AuditLog.record(current.organizer.id, 'message-sent', outcome.message.id, at);
      return seeOther(`${messagePath(workshop.id)}?sent=${encodeURIComponent(outcome.message.id)}`);
    },
  },
  { errorPage },
);
