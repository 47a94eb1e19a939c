import * as z from 'zod/mini';
import '../../shared/zod-locale';
import { ApiKeys, MAX_EXPIRY_DAYS, SCOPES, type Scope } from '../../shared/console/api-key-store';
import { apiKeyActor } from '../../shared/console/require-api-key';
import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/kernel/audit-store';
import { inviteOrganizer, type ConsoleSession } from '../../shared/console/auth';
import { requireConsole, requireConsoleForm } from '../../shared/console/http';
import { Organizers, type Organizer, type OrganizerRefusal } from '../../shared/console/organizer-store';
import { fieldErrors, HttpError } from '../../shared/http/errors';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { idParam, isId, queryParam, type HttpEvent } from '../../shared/http/request';
import { seeOther } from '../../shared/http/response';
import { apiKeyCreatedPage, apiKeysPage, apiKeysPath } from '../../shared/web/console/api-keys';
import { auditPage } from '../../shared/web/console/audit';
import { confirmRemovalPage, organizersPage, organizersPath, type OrganizersNotice } from '../../shared/web/console/organizers';
import { errorPage } from '../../shared/web/pages/error';

/**
 * The admins' console pages: organizers, API keys, the audit log. Every route is for admins only
 * (organizers get 403). Every POST checks, before it reads or changes anything else, the Origin
 * header, the session and its role, and the session's CSRF token; every change is audited by id.
 */
const ADMIN = ['admin'] as const;
const AUDIT_LIMIT = 200;

const Email = z.string().check(z.trim(), z.maxLength(254, 'At most 254 characters'), z.email('Enter an email address like name@example.org'));
const Role = z.enum(['admin', 'organizer'], 'Choose a role: organizer or admin');
const NewOrganizer = z.object({ email: Email, role: Role });
const NewApiKey = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Enter a name for the key'), z.maxLength(80, 'At most 80 characters')),
  scopes: z.array(z.enum(SCOPES)).check(z.minLength(1, 'Choose at least one thing the key may do')),
  expiresDays: z
    .string()
    .check(z.trim(), z.regex(/^\d{1,4}$/, `A whole number of days from 1 to ${MAX_EXPIRY_DAYS}`), z.refine((days) => Number(days) >= 1 && Number(days) <= MAX_EXPIRY_DAYS, `A whole number of days from 1 to ${MAX_EXPIRY_DAYS}`)),
});

/** The create form's values: the name, the scopes ticked (`scope-<scope>` checkboxes), the days. */
const apiKeyValues = (form: Record<string, string>) => ({
  name: form.name ?? '',
  scopes: SCOPES.filter((scope): scope is Scope => form[`scope-${scope}`] !== undefined),
  expiresDays: form.expiresDays ?? '',
});
/** Organizer and API key ids are UUIDs; anything else is not one of ours. */
const signedInAdmin = (event: HttpEvent, at: Date) => requireConsole(event, at, [...ADMIN]);

/** A POST's gate: same origin, an admin's session, the session's CSRF token. */
const adminForm = (event: HttpEvent, at: Date) => requireConsoleForm(event, at, [...ADMIN]);

const refusalMessage = (reason: OrganizerRefusal, target?: Organizer): string => {
  switch (reason) {
    case 'self':
      return 'You cannot remove yourself. Another admin can remove you. Nothing was changed.';
    case 'last-admin':
      return 'You are the only admin, so you cannot stop being one: nobody could manage organizers then. Make someone else an admin first. Nothing was changed.';
    case 'not-admin':
      return 'You are no longer an admin, so you cannot do that. Nothing was changed.';
    case 'not-found':
      return `${target ? target.email : 'That organizer'} is no longer an organizer. Nothing was changed.`;
  }
};

/** The organizers page with the given extras; rows are read fresh. */
const showOrganizers = async (current: ConsoleSession, extras: Omit<Parameters<typeof organizersPage>[0], 'organizer' | 'csrfToken' | 'organizers'> = {}) =>
  organizersPage({
    organizer: current.organizer,
    csrfToken: current.session.csrf,
    organizers: await Organizers.list(),
    ...extras,
  });

/** A refusal about one row: the organizers page with the message next to that row (409), or 403 / 404. */
const refused = async (current: ConsoleSession, targetId: string, reason: OrganizerRefusal) => {
  if (reason === 'not-admin') throw new HttpError(403, refusalMessage(reason));
  if (reason === 'not-found') throw new HttpError(404, refusalMessage(reason));
  return showOrganizers(current, { rowErrors: { [targetId]: refusalMessage(reason) }, status: 409 });
};

const noticeFor = async (event: HttpEvent): Promise<OrganizersNotice | undefined> => {
  if (queryParam(event, 'removed') === '1') return { kind: 'removed' };
  for (const kind of ['added', 'role-changed'] as const) {
    const id = queryParam(event, kind);
    if (!isId(id)) continue;
    const organizer = await Organizers.findCurrent(id);
    // The index may not show a brand-new organizer yet: then the notice goes without the address.
    if (kind === 'added') return organizer ? { kind, email: organizer.email, role: organizer.role } : { kind };
    return organizer ? { kind, email: organizer.email, role: organizer.role } : undefined;
  }
  return undefined;
};

export const handler = httpHandler(
  routes.consoleAdmin,
  {
    organizers: async (event) => {
      const current = await signedInAdmin(event, now());
      const notice = await noticeFor(event);
      return showOrganizers(current, { notice });
    },

    /** Adds an organizer and mails them where to sign in; the next page says so too. */
    invite: async (event) => {
      const at = now();
      const { current, form } = await adminForm(event, at);
      const values = { email: form.email ?? '', role: form.role ?? '' };
      const parsed = NewOrganizer.safeParse(values);
      if (!parsed.success) return showOrganizers(current, { values, errors: fieldErrors(parsed.error) });
      const { organizer, created } = await Organizers.add(parsed.data.email, parsed.data.role, at);
      if (!created) {
        const message = `${organizer.email} is already ${organizer.role === 'admin' ? 'an admin' : 'an organizer'}. To change their role, use the list below.`;
        return showOrganizers(current, { values, errors: { email: message }, status: 409 });
      }
      await AuditLog.record(current.organizer.id, 'organizer-added', organizer.id, at);
      await inviteOrganizer(organizer.id, at);
      return seeOther(`${organizersPath}?added=${encodeURIComponent(organizer.id)}`);
    },

    changeRole: async (event) => {
      const at = now();
      const { current, form } = await adminForm(event, at);
      const targetId = idParam(event);
      const role = Role.safeParse(form.role ?? '');
      if (!role.success) return showOrganizers(current, { rowErrors: { [targetId]: 'Choose a role: organizer or admin.' } });
      const outcome = await Organizers.changeRole(current.organizer, targetId, role.data, at);
      if (!outcome.ok) return refused(current, targetId, outcome.reason);
      if (outcome.changed) await AuditLog.record(current.organizer.id, 'organizer-role-changed', targetId, at);
      // An admin who stepped down may no longer see this page.
      if (targetId === current.organizer.id && role.data !== 'admin') return seeOther('/console');
      return seeOther(`${organizersPath}?role-changed=${encodeURIComponent(targetId)}`);
    },

    /** Without `confirm=yes`: the confirmation page. With it: the removal. */
    removeOrganizer: async (event) => {
      const at = now();
      const { current, form } = await adminForm(event, at);
      const targetId = idParam(event);
      if (targetId === current.organizer.id) return refused(current, targetId, 'self');
      if (form.confirm !== 'yes') {
        const target = await Organizers.findCurrent(targetId);
        if (!target) return refused(current, targetId, 'not-found');
        return confirmRemovalPage({ organizer: current.organizer, csrfToken: current.session.csrf, target });
      }
      const outcome = await Organizers.remove(current.organizer, targetId);
      if (!outcome.ok) return refused(current, targetId, outcome.reason);
      await AuditLog.record(current.organizer.id, 'organizer-removed', targetId, at);
      return seeOther(`${organizersPath}?removed=1`);
    },

    apiKeys: async (event) => {
      const at = now();
      const current = await signedInAdmin(event, at);
      const apiKeys = (await ApiKeys.list()).reverse();
      const revokedId = queryParam(event, 'revoked');
      const revoked = revokedId ? apiKeys.find((apiKey) => apiKey.id === revokedId && apiKey.revokedAt) : undefined;
      return apiKeysPage({ organizer: current.organizer, csrfToken: current.session.csrf, apiKeys, at, revoked });
    },

    /** Creates a key and shows it on this answer, the only time it is ever shown. */
    createApiKey: async (event) => {
      const at = now();
      const { current, form } = await adminForm(event, at);
      const values = apiKeyValues(form);
      const parsed = NewApiKey.safeParse(values);
      if (!parsed.success) {
        return apiKeysPage({
          organizer: current.organizer,
          csrfToken: current.session.csrf,
          apiKeys: (await ApiKeys.list()).reverse(),
          at,
          values,
          errors: fieldErrors(parsed.error),
        });
      }
      const { apiKey, secret } = await ApiKeys.create({ name: parsed.data.name, scopes: parsed.data.scopes, expiresInDays: Number(parsed.data.expiresDays) }, at);
      await AuditLog.record(current.organizer.id, 'api-key-created', apiKey.id, at);
      return apiKeyCreatedPage({ organizer: current.organizer, csrfToken: current.session.csrf, apiKey, secret });
    },

    revokeApiKey: async (event) => {
      const at = now();
      const { current } = await adminForm(event, at);
      const id = idParam(event);
      const apiKey = (await ApiKeys.list()).find((candidate) => candidate.id === id);
      if (!apiKey) throw new HttpError(404, 'There is no such API key. Nothing was changed.');
      if (!apiKey.revokedAt) {
        if (!(await ApiKeys.revoke(id, at))) throw new HttpError(404, 'There is no such API key. Nothing was changed.');
        await AuditLog.record(current.organizer.id, 'api-key-revoked', id, at);
      }
      return seeOther(`${apiKeysPath}?revoked=${encodeURIComponent(id)}`);
    },

    audit: async (event) => {
      const current = await signedInAdmin(event, now());
      const [entries, organizers, apiKeys] = await Promise.all([AuditLog.recent(AUDIT_LIMIT), Organizers.list(), ApiKeys.list()]);
      const actors = Object.fromEntries<string>([
        ...organizers.map((organizer) => [organizer.id, organizer.email] as const),
        // API keys by name (never the key itself).
        ...apiKeys.map((apiKey) => [apiKeyActor(apiKey), `API key “${apiKey.name}”`] as const),
      ]);
      return auditPage({ organizer: current.organizer, csrfToken: current.session.csrf, entries, actors, limit: AUDIT_LIMIT });
    },
  },
  { errorPage },
);
