import { ApiKeys, SCOPES, type Scope } from '../../shared/console/api-key-store';
import { Admin, AUDIT_LIMIT, NewApiKey, NewOrganizer, Role } from '../../shared/console/admin';
import type { ConsoleSession } from '../../shared/console/auth';
import { consoleChange, consoleRead } from '../../shared/console/http';
import { Organizers, type OrganizerRole } from '../../shared/console/organizer-store';
import { httpHandler } from '../../shared/http/handler';
import { idParam, isId, queryParam, type HttpEvent } from '../../shared/http/request';
import { seeOther } from '../../shared/http/response';
import type { Refusal } from '../../shared/kernel/refusal';
import { routes } from '../../shared/routes';
import { apiKeyCreatedPage, apiKeysPage, apiKeysPath } from '../../shared/web/console/api-keys';
import { auditPage } from '../../shared/web/console/audit';
import { confirmRemovalPage, organizersPage, organizersPath, type OrganizersNotice } from '../../shared/web/console/organizers';
import { errorPage } from '../../shared/web/pages/error';
import { fieldErrors } from '../../shared/kernel/fields';

/**
 * The admins' console pages: organizers, API keys, the audit log (shared/console/admin.ts does the
 * work and audits it). Every route is for admins only (organizers get 403). Every POST checks,
 * before it reads or changes anything else, the Origin header, the session and its role, and the
 * session's CSRF token.
 */
const ADMIN: OrganizerRole[] = ['admin'];

/** The create form's values: the name, the scopes ticked (`scope-<scope>` checkboxes), the days. */
const apiKeyValues = (form: Record<string, string>) => ({
  name: form.name ?? '',
  scopes: SCOPES.filter((scope): scope is Scope => form[`scope-${scope}`] !== undefined),
  expiresDays: form.expiresDays ?? '',
});

/** The organizers page with the given extras; rows are read fresh. */
const showOrganizers = async (current: ConsoleSession, extras: Omit<Parameters<typeof organizersPage>[0], 'organizer' | 'csrfToken' | 'organizers'> = {}) =>
  organizersPage({ organizer: current.organizer, csrfToken: current.session.csrf, organizers: await Organizers.list(), ...extras });

/** A refusal about one row: the organizers page with the message next to that row (409). */
const rowRefused = (current: ConsoleSession, targetId: string, refusal: Refusal) => showOrganizers(current, { rowErrors: { [targetId]: refusal.message }, status: 409 });

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

/** The admins' form gate (same origin, an admin's session, its CSRF token). */
const adminChange = (event: HttpEvent) => consoleChange(event, undefined, ADMIN);

export const handler = httpHandler(
  routes.consoleAdmin,
  {
    organizers: async (event) => {
      const { current } = await consoleRead(event, ADMIN);
      return showOrganizers(current, { notice: await noticeFor(event) });
    },

    /** Adds an organizer and mails them where to sign in; the next page says so too. */
    invite: async (event) => {
      const { at, current, form } = await adminChange(event);
      const values = { email: form.email ?? '', role: form.role ?? '' };
      const parsed = NewOrganizer.safeParse(values);
      if (!parsed.success) return showOrganizers(current, { values, errors: fieldErrors(parsed.error) });
      const invited = await Admin.invite(current.organizer, parsed.data, at);
      if (!invited.ok) return showOrganizers(current, { values, errors: invited.fields ?? {}, status: 409 });
      return seeOther(`${organizersPath}?added=${encodeURIComponent(invited.value.id)}`);
    },

    changeRole: async (event) => {
      const { at, current, form } = await adminChange(event);
      const targetId = idParam(event);
      const role = Role.safeParse(form.role ?? '');
      if (!role.success) return showOrganizers(current, { rowErrors: { [targetId]: 'Choose a role: organizer or admin.' } });
      const changed = await Admin.changeRole(current.organizer, targetId, role.data, at);
      if (!changed.ok) return rowRefused(current, targetId, changed);
      // An admin who stepped down may no longer see this page.
      if (targetId === current.organizer.id && role.data !== 'admin') return seeOther('/console');
      return seeOther(`${organizersPath}?role-changed=${encodeURIComponent(targetId)}`);
    },

    /** Without `confirm=yes`: the confirmation page. With it: the removal. */
    removeOrganizer: async (event) => {
      const { at, current, form } = await adminChange(event);
      const targetId = idParam(event);
      const removed = await Admin.remove(current.organizer, targetId, form.confirm === 'yes', at);
      if (!removed.ok) return rowRefused(current, targetId, removed);
      if (removed.value.kind === 'removed') return seeOther(`${organizersPath}?removed=1`);
      return confirmRemovalPage({ organizer: current.organizer, csrfToken: current.session.csrf, target: removed.value.target });
    },

    apiKeys: async (event) => {
      const { at, current } = await consoleRead(event, ADMIN);
      const apiKeys = (await ApiKeys.list()).reverse();
      const revokedId = queryParam(event, 'revoked');
      const revoked = revokedId ? apiKeys.find((apiKey) => apiKey.id === revokedId && apiKey.revokedAt) : undefined;
      return apiKeysPage({ organizer: current.organizer, csrfToken: current.session.csrf, apiKeys, at, revoked });
    },

    /** Creates a key and shows it on this answer, the only time it is ever shown. */
    createApiKey: async (event) => {
      const { at, current, form } = await adminChange(event);
      const values = apiKeyValues(form);
      const parsed = NewApiKey.safeParse(values);
      if (!parsed.success) {
        const apiKeys = (await ApiKeys.list()).reverse();
        return apiKeysPage({ organizer: current.organizer, csrfToken: current.session.csrf, apiKeys, at, values, errors: fieldErrors(parsed.error) });
      }
      const { apiKey, secret } = await Admin.createApiKey(current.organizer, parsed.data, at);
      return apiKeyCreatedPage({ organizer: current.organizer, csrfToken: current.session.csrf, apiKey, secret });
    },

    revokeApiKey: async (event) => {
      const { at, current } = await adminChange(event);
      const id = idParam(event);
      await Admin.revokeApiKey(current.organizer, id, at);
      return seeOther(`${apiKeysPath}?revoked=${encodeURIComponent(id)}`);
    },

    audit: async (event) => {
      const { current } = await consoleRead(event, ADMIN);
      const { entries, actors } = await Admin.auditLog();
      return auditPage({ organizer: current.organizer, csrfToken: current.session.csrf, entries, actors, limit: AUDIT_LIMIT });
    },
  },
  { errorPage },
);
