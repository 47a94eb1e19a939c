import '../zod-locale';
import * as z from 'zod/mini';
import { AuditLog } from '../kernel/audit-store';
import type { Actor } from '../kernel/actor';
import { attempt, done, refuse, refused, type Outcome } from '../kernel/refusal';
import { Organizers } from '../console/port';
import { cancelRegistration } from './cancel';
import { getMessage, sendWorkshopMessage, type MessageInput } from './messages';
import type { WorkshopMessage } from './message-store';
import { workshopEnded } from './errors';
import type { NewWorkshopInput, RosterEntry, Workshop, WorkshopChanges } from './model';
import { toOrganizerWorkshop } from './organizer-view';
import { RegistrationStore, type RegistrationItem } from './registration-store';
import {
  cancelWorkshop,
  changeWorkshopOrganizers,
  createWorkshop,
  getOrganizedWorkshop,
  getWorkshop,
  organizerIdsOf,
  organizes,
  publishWorkshop,
  roster,
  updateWorkshop,
  withoutPlace,
} from './workshops';

/**
 * What organizers do to workshops, from the console or the API alike. Each operation:
 * 1. checks that the actor organizes the workshop (or is an admin): else `forbidden`;
 * 2. makes its change (one conditional write, then its events: ./workshops.ts);
 * 3. records its own audit entry under the actor's id, only when something changed;
 * 4. answers the workshop as organizers see it, or a refusal; it never speaks HTTP.
 */

type Change = Outcome<{ before: Workshop; after: Workshop }>;

/** The workshop if the actor organizes it (or is an admin); `not-found` and `forbidden` are thrown for the edge. */
const organized = async (actor: Actor, id: string): Promise<Workshop> => toOrganizerWorkshop(await getOrganizedWorkshop(id, actor));

export const OrganizerEmail = z.string().check(z.trim(), z.maxLength(254, 'At most 254 characters'), z.email('Enter an email address like name@example.org'));

export const Organizing = {
  /** A new draft, organized by the actor. */
  async create(actor: Actor, input: NewWorkshopInput, at: Date): Promise<Outcome<Workshop>> {
    const created = await attempt(() => createWorkshop(input, at, [actor.id]));
    if (!created.ok) return created;
    await AuditLog.record(actor.id, 'workshop-created', created.value.id, at);
    return done(toOrganizerWorkshop(created.value));
  },

  /** The workshop, if the actor organizes it. */
  get: organized,

  /**
   * A workshop's page as this actor may see it: all of it for its organizers and admins, else that
   * it exists and its counts (no place, link or cancellation message); and its organizers by name.
   */
  async view(actor: Actor, id: string): Promise<{ workshop: Workshop; organizes: boolean; organizers: { id: string; label: string }[] }> {
    const workshop = toOrganizerWorkshop(await getWorkshop(id));
    const theirs = organizes(workshop, actor);
    return { workshop: theirs ? workshop : withoutPlace(workshop), organizes: theirs, organizers: await Organizers.labels(organizerIdsOf(workshop)) };
  },

  /** Applies `changes` (registrants are told of a new time or place); audited only when something changed. */
  async update(actor: Actor, id: string, changes: WorkshopChanges, at: Date): Promise<Change> {
    const before = await organized(actor, id);
    const after = await attempt(() => updateWorkshop(before.id, changes, at));
    if (!after.ok) return after;
    if (after.value.updatedAt !== before.updatedAt) await AuditLog.record(actor.id, 'workshop-updated', before.id, at);
    return done({ before, after: toOrganizerWorkshop(after.value) });
  },

  async publish(actor: Actor, id: string, at: Date): Promise<Change> {
    const before = await organized(actor, id);
    const after = await attempt(() => publishWorkshop(before.id, at));
    if (!after.ok) return after;
    if (before.status !== 'published') await AuditLog.record(actor.id, 'workshop-published', before.id, at);
    return done({ before, after: toOrganizerWorkshop(after.value) });
  },

  /** Cancels (once; a repeat only re-announces it) and everyone registered is mailed, with the message. */
  async cancel(actor: Actor, id: string, message: string | undefined, at: Date): Promise<Change> {
    const before = await organized(actor, id);
    const after = await cancelWorkshop(before.id, message, at);
    if (before.status !== 'cancelled') await AuditLog.record(actor.id, 'workshop-cancelled', before.id, at);
    return done({ before, after: toOrganizerWorkshop(after) });
  },

  /** Adds a console organizer, by address; `conflict` on `organizerEmail` when the address is no organizer's. */
  async addOrganizer(actor: Actor, id: string, email: string, at: Date): Promise<Outcome<{ workshop: Workshop; changed: boolean }>> {
    const before = await organized(actor, id);
    const added = await Organizers.findByEmail(email);
    if (!added) {
      const notOne = `${email} is not an organizer. An admin can add them on the Organizers page first.`;
      return refuse('conflict', notOne, { fields: { organizerEmail: notOne } });
    }
    const { workshop, changed } = await changeWorkshopOrganizers(before.id, (ids) => [...ids, added.id], at);
    if (changed) await AuditLog.record(actor.id, 'workshop-organizer-added', before.id, at);
    return done({ workshop: toOrganizerWorkshop(workshop), changed });
  },

  /** Removes one of its organizers (`who`: an organizer id, or `api-key:<id>`); someone not among them changes nothing. */
  async removeOrganizer(actor: Actor, id: string, who: string, at: Date): Promise<{ workshop: Workshop; changed: boolean }> {
    const before = await organized(actor, id);
    if (!organizerIdsOf(before).includes(who)) return { workshop: before, changed: false };
    const { workshop, changed } = await changeWorkshopOrganizers(before.id, (ids) => ids.filter((one) => one !== who), at);
    if (changed) await AuditLog.record(actor.id, 'workshop-organizer-removed', before.id, at);
    return { workshop: toOrganizerWorkshop(workshop), changed };
  },

  /**
   * Sets the console organizers to these addresses (each must be an organizer: else `invalid`,
   * naming it by its index); the API keys among its organizers stay.
   */
  async setOrganizers(actor: Actor, id: string, emails: readonly string[], at: Date): Promise<Outcome<Workshop>> {
    const before = await organized(actor, id);
    const found = await Promise.all(emails.map((email) => Organizers.findByEmail(email)));
    const unknown = Object.fromEntries(found.flatMap((organizer, i) => (organizer ? [] : [[`organizers.${i}`, 'Not an organizer: an admin adds organizers first']])));
    if (Object.keys(unknown).length) return refuse('invalid', 'Some fields need attention', { fields: unknown });
    const people = found.map((organizer) => organizer!.id);
    const { workshop, changed } = await changeWorkshopOrganizers(before.id, (ids) => [...ids.filter((one) => one.startsWith('api-key:')), ...people], at);
    if (changed) await AuditLog.record(actor.id, 'workshop-organizers-changed', before.id, at);
    return done(toOrganizerWorkshop(workshop));
  },

  /** Everyone registered, with waitlist positions and accessibility needs: personal data, for its organizers only. */
  async roster(actor: Actor, id: string): Promise<{ workshop: Workshop; rows: RosterEntry[] }> {
    const workshop = await organized(actor, id);
    return { workshop, rows: await roster(workshop.id) };
  },

  /** The roster for a download: audited (ids only), as every export of personal data is. */
  async exportRoster(actor: Actor, id: string, at: Date): Promise<{ workshop: Workshop; rows: RosterEntry[] }> {
    const found = await Organizing.roster(actor, id);
    await AuditLog.record(actor.id, 'roster-exported', found.workshop.id, at);
    return found;
  },

  /**
   * A message to everyone with a place. The same form sent twice (`messageId`) is one message,
   * announced again but audited once.
   */
  async sendMessage(actor: Actor, id: string, input: MessageInput, messageId: string | undefined, at: Date): Promise<Outcome<WorkshopMessage>> {
    const workshop = await organized(actor, id);
    const outcome = await sendWorkshopMessage(workshop, input, { organizerId: actor.id, ...(messageId ? { messageId } : {}) }, at);
    if (!outcome.ok) {
      return refuse('conflict', outcome.reason === 'cancelled' ? 'This workshop is cancelled, so no messages can be sent for it.' : 'Nobody has a confirmed place, so there is nobody to send this to.');
    }
    if (!outcome.repeated) await AuditLog.record(actor.id, 'message-sent', outcome.message.id, at);
    return done(outcome.message);
  },

  /** A message sent for the workshop, as its organizers see it. */
  async message(actor: Actor, id: string, messageId: string): Promise<{ workshop: Workshop; message: WorkshopMessage }> {
    const workshop = await organized(actor, id);
    const message = await getMessage(workshop.id, messageId);
    return { workshop, message: message ?? refused('not-found', 'This message was not found') };
  },

  /**
   * Sets a confirmed registrant's check-in to `attended` (what the button said, so a double tap does
   * not undo it). `not-confirmed` when the registration holds no place.
   */
  async checkIn(actor: Actor, id: string, registrationId: string, attended: boolean, at: Date): Promise<Outcome<'done' | 'not-confirmed'>> {
    const workshop = await organized(actor, id);
    if (workshop.status === 'cancelled') return refuse('conflict', 'This workshop is cancelled; nobody can be checked in.');
    await registrationOf(workshop.id, registrationId);
    const outcome = await RegistrationStore.setAttended(workshop.id, registrationId, attended ? at : undefined);
    if (outcome === 'not-confirmed') return done('not-confirmed');
    if (outcome.wasAttended !== attended) await AuditLog.record(actor.id, attended ? 'registrant-checked-in' : 'registrant-check-in-undone', registrationId, at);
    return done('done');
  },

  /**
   * Removing a registrant, in two steps: without `confirmed`, what the organizer is asked to
   * confirm (`ask`); with it, the registration is cancelled (its seat goes to the waitlist at once)
   * and audited. One already cancelled changes nothing (`unchanged`).
   */
  async removeRegistrant(
    actor: Actor,
    id: string,
    registrationId: string,
    confirmed: boolean,
    at: Date,
  ): Promise<Outcome<{ kind: 'ask'; workshop: Workshop; registration: RegistrationItem } | { kind: 'removed' | 'unchanged' }>> {
    const workshop = await organized(actor, id);
    const registration = await registrationOf(workshop.id, registrationId);
    if (registration.status === 'cancelled') return done({ kind: 'unchanged' });
    if (workshop.status === 'cancelled') return refuse('conflict', 'This workshop is cancelled; everyone was emailed already.');
    if (Date.parse(workshop.endsAt) <= at.getTime()) return workshopEnded().refusal;
    if (!confirmed) return done({ kind: 'ask', workshop, registration });
    const outcome = await cancelRegistration(workshop.id, registrationId, 'organizer', at);
    if (!outcome.alreadyCancelled) await AuditLog.record(actor.id, 'registrant-removed', registrationId, at);
    return done({ kind: 'removed' });
  },
};

const registrationOf = async (workshopId: string, registrationId: string) => {
  const registration = await RegistrationStore.get(workshopId, registrationId);
  return registration ?? refused('not-found', 'This registration was not found');
};
