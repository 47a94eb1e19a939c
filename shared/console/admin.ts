import * as z from 'zod/mini';
import '../zod-locale';
import { AuditLog, type AuditEntry } from '../kernel/audit-store';
import { done, refuse, refused, type Outcome, type Refusal } from '../kernel/refusal';
import { ApiKeys, MAX_EXPIRY_DAYS, SCOPES, type ApiKey } from './api-key-store';
import { inviteOrganizer } from './auth';
import { Organizers, type Organizer, type OrganizerRefusal, type OrganizerRole } from './organizer-store';
import { apiKeyActorId } from '../kernel/actor';

/**
 * What admins do in the console: organizers, API keys, the audit log. The actor is the signed-in
 * admin's own record: the organizer store checks, inside the write's transaction, that they are
 * still an admin, so a demoted admin's open page cannot change anything. Every change is audited
 * by id; a refusal says what to do, and nothing was changed.
 */

export const Email = z.string().check(z.trim(), z.maxLength(254, 'At most 254 characters'), z.email('Enter an email address like name@example.org'));
export const Role = z.enum(['admin', 'organizer'], 'Choose a role: organizer or admin');
export const NewOrganizer = z.object({ email: Email, role: Role });
export const NewApiKey = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Enter a name for the key'), z.maxLength(80, 'At most 80 characters')),
  scopes: z.array(z.enum(SCOPES)).check(z.minLength(1, 'Choose at least one thing the key may do')),
  expiresDays: z
    .string()
    .check(z.trim(), z.regex(/^\d{1,4}$/, `A whole number of days from 1 to ${MAX_EXPIRY_DAYS}`), z.refine((days) => Number(days) >= 1 && Number(days) <= MAX_EXPIRY_DAYS, `A whole number of days from 1 to ${MAX_EXPIRY_DAYS}`)),
});
export type NewApiKey = z.infer<typeof NewApiKey>;

export const AUDIT_LIMIT = 200;

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

/** A refusal about one organizer: `forbidden` and `not-found` are thrown for the edge; the others (self, last admin) are a `conflict` about that row. */
const organizerRefusal = (reason: OrganizerRefusal): Refusal => {
  if (reason === 'not-admin') refused('forbidden', refusalMessage(reason));
  if (reason === 'not-found') refused('not-found', refusalMessage(reason));
  return refuse('conflict', refusalMessage(reason));
};

const noSuchKey = 'There is no such API key. Nothing was changed.';

export const Admin = {
  /** Adds an organizer and mails them where to sign in; `conflict` on `email` when the address is one already. */
  async invite(actor: Organizer, input: z.infer<typeof NewOrganizer>, at: Date): Promise<Outcome<Organizer>> {
    const { organizer, created } = await Organizers.add(input.email, input.role, at);
    if (!created) {
      const already = `${organizer.email} is already ${organizer.role === 'admin' ? 'an admin' : 'an organizer'}. To change their role, use the list below.`;
      return refuse('conflict', already, { fields: { email: already } });
    }
    await AuditLog.record(actor.id, 'organizer-added', organizer.id, at);
    await inviteOrganizer(organizer.id, at);
    return done(organizer);
  },

  async changeRole(actor: Organizer, targetId: string, role: OrganizerRole, at: Date): Promise<Outcome<{ changed: boolean }>> {
    const outcome = await Organizers.changeRole(actor, targetId, role, at);
    if (!outcome.ok) return organizerRefusal(outcome.reason);
    if (outcome.changed) await AuditLog.record(actor.id, 'organizer-role-changed', targetId, at);
    return done({ changed: outcome.changed });
  },

  /** Without `confirmed`: whom the admin is asked to confirm removing. With it: the removal (their sessions end at once). */
  async remove(actor: Organizer, targetId: string, confirmed: boolean, at: Date): Promise<Outcome<{ kind: 'ask'; target: Organizer } | { kind: 'removed' }>> {
    if (targetId === actor.id) return organizerRefusal('self');
    if (!confirmed) {
      const target = await Organizers.findCurrent(targetId);
      return target ? done({ kind: 'ask', target }) : organizerRefusal('not-found');
    }
    const outcome = await Organizers.remove(actor, targetId);
    if (!outcome.ok) return organizerRefusal(outcome.reason);
    await AuditLog.record(actor.id, 'organizer-removed', targetId, at);
    return done({ kind: 'removed' });
  },

  /** A new key, and its secret: shown on this answer only, never stored. */
  async createApiKey(actor: Organizer, input: NewApiKey, at: Date): Promise<{ apiKey: ApiKey; secret: string }> {
    const created = await ApiKeys.create({ name: input.name, scopes: input.scopes, expiresInDays: Number(input.expiresDays) }, at);
    await AuditLog.record(actor.id, 'api-key-created', created.apiKey.id, at);
    return created;
  },

  /** Revokes a key (once: a repeat changes nothing); `not-found` (thrown) for no such key. */
  async revokeApiKey(actor: Organizer, id: string, at: Date): Promise<void> {
    const apiKey = (await ApiKeys.list()).find((candidate) => candidate.id === id) ?? refused('not-found', noSuchKey);
    if (apiKey.revokedAt) return;
    if (!(await ApiKeys.revoke(id, at))) refused('not-found', noSuchKey);
    await AuditLog.record(actor.id, 'api-key-revoked', id, at);
  },

  /** The newest entries, and who their actors are in words (an organizer's address, an API key's name: never the key). */
  async auditLog(): Promise<{ entries: AuditEntry[]; actors: Record<string, string> }> {
    const [entries, organizers, apiKeys] = await Promise.all([AuditLog.recent(AUDIT_LIMIT), Organizers.list(), ApiKeys.list()]);
    const actors = Object.fromEntries<string>([
      ...organizers.map((organizer) => [organizer.id, organizer.email] as const),
      ...apiKeys.map((apiKey) => [apiKeyActorId(apiKey), `API key “${apiKey.name}”`] as const),
    ]);
    return { entries, actors };
  },
};
