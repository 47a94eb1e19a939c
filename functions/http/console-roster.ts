import { consoleChange, consoleRead } from '../../shared/console/http';
import { httpHandler } from '../../shared/http/handler';
import { onForm } from '../../shared/http/refusal';
import { idParam, queryParam } from '../../shared/http/request';
import { csvDownload, seeOther, type HttpResult } from '../../shared/http/response';
import { orRefuse, refused } from '../../shared/kernel/refusal';
import { routes } from '../../shared/routes';
import { MESSAGE_SUBJECT_MAX, MESSAGE_TEXT_MAX, MessageId, MessageInput, newMessageId } from '../../shared/workshops/messages';
import { Organizing } from '../../shared/workshops/organizing';
import { rosterCsv, rosterFileName } from '../../shared/workshops/roster-csv';
import { messagePage, messageSentPage } from '../../shared/web/console/message';
import { isRosterNotice, messagePath, removeConfirmPage, rosterPage, rosterPath, rowAnchor } from '../../shared/web/console/roster';
import { errorPage } from '../../shared/web/pages/error';
import { fieldErrors } from '../../shared/kernel/fields';

/**
 * Console: a workshop's roster, check-in, removing a registrant, the CSV export and messages to the
 * people with a place: for the workshop's organizers and admins only (403 for other organizers).
 * Every POST checks the Origin, the session and its CSRF token before anything else; every change
 * is audited with ids only.
 */

/** Who a message goes to, and how long it may be. */
const messageLimits = (workshop: { confirmedCount: number }) => ({ recipientCount: workshop.confirmedCount, subjectMax: MESSAGE_SUBJECT_MAX, textMax: MESSAGE_TEXT_MAX });

export const handler = httpHandler(
  routes.consoleRoster,
  {
    roster: async (event) => {
      const { at, current, actor } = await consoleRead(event);
      const { workshop, rows } = await Organizing.roster(actor, idParam(event, 'id'));
      const done = queryParam(event, 'done');
      return rosterPage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop, rows, at, ...(isRosterNotice(done) ? { notice: done } : {}) });
    },

    /** A download of personal data: audited (ids only). */
    rosterCsv: async (event): Promise<HttpResult> => {
      const { at, actor } = await consoleRead(event);
      const { workshop, rows } = await Organizing.exportRoster(actor, idParam(event, 'id'), at);
      return csvDownload(rosterFileName(workshop.startsAt, workshop.timezone), rosterCsv(rows));
    },

    /** Sets the check-in to what the button said (`attended=true|false`), so a double tap does not undo it. */
    checkIn: async (event) => {
      const { at, form, actor } = await consoleChange(event);
      const [workshopId, registrationId] = [idParam(event, 'id'), idParam(event, 'registrationId')];
      if (form.attended !== 'true' && form.attended !== 'false') refused('invalid', 'Reload the roster and press the button again.');
      const outcome = orRefuse(await Organizing.checkIn(actor, workshopId, registrationId, form.attended === 'true', at));
      if (outcome === 'not-confirmed') return seeOther(`${rosterPath(workshopId)}?done=not-confirmed`);
      return seeOther(`${rosterPath(workshopId)}#${rowAnchor(registrationId)}`);
    },

    /** First press: a page that asks. Its button (`confirm=yes`) removes. */
    remove: async (event) => {
      const { at, current, form, actor } = await consoleChange(event);
      const [workshopId, registrationId] = [idParam(event, 'id'), idParam(event, 'registrationId')];
      const outcome = orRefuse(await Organizing.removeRegistrant(actor, workshopId, registrationId, form.confirm === 'yes', at));
      if (outcome.kind !== 'ask') return seeOther(outcome.kind === 'removed' ? `${rosterPath(workshopId)}?done=removed` : `${rosterPath(workshopId)}#${rowAnchor(registrationId)}`);
      const { workshop, registration } = outcome;
      const row = { id: registration.id, email: registration.email, displayName: registration.displayName ?? null, status: registration.status };
      return removeConfirmPage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop, row, waitlistCount: workshop.waitlistCount });
    },

    messageForm: async (event) => {
      const { current, actor } = await consoleRead(event);
      const sent = queryParam(event, 'sent');
      const [organizer, csrfToken] = [current.organizer, current.session.csrf];
      if (sent !== undefined) return messageSentPage({ organizer, csrfToken, ...(await Organizing.message(actor, idParam(event, 'id'), sent)) });
      const workshop = await Organizing.get(actor, idParam(event, 'id'));
      return messagePage({ organizer, csrfToken, workshop, ...messageLimits(workshop), messageId: newMessageId() });
    },

    message: async (event) => {
      const { at, current, form, actor } = await consoleChange(event);
      const workshop = await Organizing.get(actor, idParam(event, 'id'));
      const values = { subject: form.subject ?? '', text: form.text ?? '' };
      const messageId = MessageId.safeParse(form.messageId).success ? form.messageId! : newMessageId();
      const page = (extras: { errors?: Record<string, string>; formError?: string; status?: number }) =>
        messagePage({ organizer: current.organizer, csrfToken: current.session.csrf, workshop, ...messageLimits(workshop), messageId, values, errors: {}, ...extras });
      const input = MessageInput.safeParse(values);
      if (!input.success) return page({ errors: fieldErrors(input.error) });
      const sent = await Organizing.sendMessage(actor, workshop.id, input.data, form.messageId, at);
      if (!sent.ok) return page(onForm(sent));
      return seeOther(`${messagePath(workshop.id)}?sent=${encodeURIComponent(sent.value.id)}`);
    },
  },
  { errorPage },
);
