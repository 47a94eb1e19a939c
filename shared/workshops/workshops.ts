import { randomUUID } from 'node:crypto';
import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { refused } from '../kernel/refusal';
import { retentionDays } from '../kernel/retention';
import { workshopCancelled, workshopNotFound } from './errors';
import { WorkshopCancelled, WorkshopCapacityChanged, WorkshopPublished, WorkshopRescheduled, WorkshopScheduleChanged } from './events';
import { DEFAULT_REMINDER_OFFSETS, normalizeReminderOffsets, type NewWorkshopInput, type RosterEntry, type WorkshopChanges } from './model';
import { RegistrationStore } from './registration-store';
import { WorkshopStore, type WorkshopItem } from './workshop-store';

/** Organizer operations on workshops. Each change is one conditional write, then its event. */

const mustExist = async (id: string) => {
  const workshop = await WorkshopStore.get(id);
  return workshop ?? refused('not-found', 'Workshop not found');
};

const mustStartInFuture = (startsAt: string, at: Date) => {
  if (Date.parse(startsAt) <= at.getTime()) refused('invalid', 'Some fields need attention', { fields: { startsAt: 'Must be in the future' } });
};

/**
 * Something that decides the workshop's one-time schedules (reminders, survey) changed. The id comes
 * from the state written (its updatedAt), so announcing the same state again is a duplicate; the
 * consumer reconciles the schedules with the workshop as it is then, so order does not matter.
 */
const scheduleChanged = (workshop: WorkshopItem, at: Date) =>
  makeEvent(WorkshopScheduleChanged, `workshop-schedule:${workshop.id}:${workshop.updatedAt}`, { workshopId: workshop.id }, at.toISOString());

/** A workshop may keep its registrations for less than the organisation's period, never for more. */
const mustOnlyShorten = (days: number | null | undefined) => {
  const organisation = retentionDays('registration');
  if (typeof days === 'number' && days > organisation) {
    refused('invalid', 'Some fields need attention', {
      fields: { retentionDays: `At most ${organisation} days: a workshop can only shorten the organisation's period (HEARTH_RETENTION_REGISTRATION_DAYS)` },
    });
  }
};

const sameOffsets = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((offset, i) => offset === b[i]);

/** A new draft; `organizerIds` are its organizers (the creator, from the console or the API). */
export const createWorkshop = async (input: NewWorkshopInput, at: Date, organizerIds: readonly string[] = []): Promise<WorkshopItem> => {
  mustStartInFuture(input.startsAt, at);
  mustOnlyShorten(input.retentionDays);
  const workshop: WorkshopItem = {
    id: randomUUID(),
    ...input,
    organizerIds: [...new Set(organizerIds)],
    discreet: input.discreet ?? false,
    reminderOffsetsMinutes: normalizeReminderOffsets(input.reminderOffsetsMinutes ?? DEFAULT_REMINDER_OFFSETS),
    startsAt: new Date(input.startsAt).toISOString(),
    endsAt: new Date(input.endsAt).toISOString(),
    status: 'draft',
    confirmedCount: 0,
    waitlistCount: 0,
    waitlistSeq: 0,
    waitlistLeft: 0,
    sequence: 0,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
  await WorkshopStore.create(workshop);
  return workshop;
};

/** Applies `change` with an optimistic lock, retrying on a concurrent edit. */
const change = async (id: string, at: Date, apply: (current: WorkshopItem) => WorkshopItem | undefined) => {
  for (let round = 0; round < 5; round++) {
    const current = await mustExist(id);
    const next = apply(current);
    if (!next) return { current, next: current, changed: false };
    const stamped = { ...next, updatedAt: at.toISOString() > current.updatedAt ? at.toISOString() : new Date(Date.parse(current.updatedAt) + 1).toISOString() };
    if (await WorkshopStore.update(current, stamped)) return { current, next: stamped, changed: true };
  }
  return refused('conflict', 'The workshop was changed by someone else at the same time; please try again');
};

export const publishWorkshop = async (id: string, at: Date): Promise<WorkshopItem> => {
  const { next } = await change(id, at, (current) => {
    if (current.status === 'cancelled') throw workshopCancelled();
    if (current.status === 'published') return undefined;
    mustStartInFuture(current.startsAt, at);
    return { ...current, status: 'published' };
  });
  // Also when it was published already: a repeat re-announces it under the same ids, in case the
  // first attempt died between its write and its events (without them no reminder would be planned).
  await publish([makeEvent(WorkshopPublished, `workshop-published:${id}`, { workshopId: id }, at.toISOString()), scheduleChanged(next, at)]);
  return next;
};

/**
 * Edits a workshop. A change of time or place raises the calendar SEQUENCE and, once published,
 * tells every registrant; a capacity increase fills seats from the waitlist; a capacity below the
 * confirmed count is refused.
 */
export const updateWorkshop = async (id: string, changes: WorkshopChanges, at: Date): Promise<WorkshopItem> => {
  mustOnlyShorten(changes.retentionDays);
  let timeChanged = false;
  let placeChanged = false;
  let scheduleMoved = false;
  const { current, next, changed } = await change(id, at, (current) => {
    if (current.status === 'cancelled') throw workshopCancelled();
    const merged: WorkshopItem = { ...current };
    for (const [key, value] of Object.entries(changes)) {
      (merged as unknown as Record<string, unknown>)[key] = value === null ? undefined : value;
    }
    merged.reminderOffsetsMinutes = normalizeReminderOffsets(merged.reminderOffsetsMinutes);
    merged.startsAt = new Date(merged.startsAt).toISOString();
    merged.endsAt = new Date(merged.endsAt).toISOString();
    if (Date.parse(merged.endsAt) <= Date.parse(merged.startsAt)) {
      refused('invalid', 'Some fields need attention', { fields: { endsAt: 'Must be after the start' } });
    }
    if (!merged.location?.trim() && !merged.onlineUrl) {
      refused('invalid', 'Some fields need attention', { fields: { location: 'Give a location or an online link' } });
    }
    if (merged.capacity < current.confirmedCount) {
      refused('conflict', 'Some fields need attention', {
        fields: { capacity: `${current.confirmedCount} people already have a place; the capacity cannot be lower than that` },
      });
    }
    timeChanged = merged.startsAt !== current.startsAt || merged.endsAt !== current.endsAt || merged.timezone !== current.timezone;
    placeChanged = merged.location !== current.location || merged.onlineUrl !== current.onlineUrl;
    scheduleMoved =
      merged.startsAt !== current.startsAt ||
      merged.endsAt !== current.endsAt ||
      !sameOffsets(merged.reminderOffsetsMinutes, current.reminderOffsetsMinutes) ||
      merged.retentionDays !== current.retentionDays;
    if (timeChanged) mustStartInFuture(merged.startsAt, at);
    if (timeChanged || placeChanged) merged.sequence = current.sequence + 1;
    return merged;
  });
  if (!changed) return next;
  const events = [];
  if (next.status === 'published' && (timeChanged || placeChanged)) {
    const what = [...(timeChanged ? ['time' as const] : []), ...(placeChanged ? ['place' as const] : [])];
    events.push(makeEvent(WorkshopRescheduled, `workshop-rescheduled:${id}:${next.sequence}`, { workshopId: id, sequence: next.sequence, changed: what }, at.toISOString()));
  }
  // A draft has no schedules; publishing plans them from the state it finds. (The retention
  // schedule is not the reminders': an ended workshop is still 'published'.)
  if (next.status === 'published' && scheduleMoved) events.push(scheduleChanged(next, at));
  if (next.status === 'published' && next.capacity > current.capacity) {
    events.push(makeEvent(WorkshopCapacityChanged, `workshop-capacity:${id}:${next.updatedAt}`, { workshopId: id, capacity: next.capacity }, at.toISOString()));
  }
  if (events.length) await publish(events);
  return next;
};

export const cancelWorkshop = async (id: string, message: string | undefined, at: Date): Promise<WorkshopItem> => {
  const { next } = await change(id, at, (current) => {
    if (current.status === 'cancelled') return undefined;
    return { ...current, status: 'cancelled', sequence: current.sequence + 1, ...(message ? { cancellationMessage: message } : {}) };
  });
  // Also when it was cancelled already: a repeat re-announces it under the same id, in case the
  // first attempt died between its write and its event. Consumers drop the duplicate.
  if (next.status === 'cancelled') {
    await publish([
      makeEvent(WorkshopCancelled, `workshop-cancelled:${id}`, { workshopId: id, sequence: next.sequence }, at.toISOString()),
      scheduleChanged(next, at),
    ]);
  }
  return next;
};

export const listWorkshops = () => WorkshopStore.list();

/** What everyone with access sees of a workshop they do not organize: that it exists and its counts, not its place or link. */
export const withoutPlace = <W extends { location?: string; onlineUrl?: string; cancellationMessage?: string }>(workshop: W): W => {
  const { location: _location, onlineUrl: _onlineUrl, cancellationMessage: _message, ...rest } = workshop;
  return rest as W;
};

/** Published workshops that have not started yet. */
export const listUpcoming = (at: Date) => WorkshopStore.listPublishedFrom(at);

/** A workshop anyone may see: published (or cancelled, so old links explain themselves). */
export const getVisibleWorkshop = async (id: string): Promise<WorkshopItem> => {
  const workshop = await WorkshopStore.get(id);
  if (!workshop || workshop.status === 'draft') throw workshopNotFound();
  return workshop;
};

export const getWorkshop = mustExist;

/*
 * A workshop's organizers. Only they and admins see its roster (with accessibility needs), its
 * roster CSV, its messages and its survey, and only they and admins change it. Everyone else with
 * access sees that it exists and its counts. An organizer is a console organizer (their id) or an
 * API key (`api-key:<id>`, auth/require-api-key.ts). A workshop stored before organizers existed has
 * none: admins only.
 */

/** Who asks: their organizer id or `api-key:<id>`, and whether they are an admin (console role, or an API key's admin scope). */
export interface WorkshopActor {
  id: string;
  admin: boolean;
}

export const organizerIdsOf = (workshop: Pick<WorkshopItem, 'organizerIds'>): string[] => workshop.organizerIds ?? [];

export const organizes = (workshop: Pick<WorkshopItem, 'organizerIds'>, actor: WorkshopActor) => actor.admin || organizerIdsOf(workshop).includes(actor.id);

export const NOT_AN_ORGANIZER =
  'Only this workshop’s organizers and admins may see its registrations and messages or change it. Ask one of its organizers or an admin to add you.';

export const mustOrganize = <W extends Pick<WorkshopItem, 'organizerIds'>>(workshop: W, actor: WorkshopActor): W => {
  if (!organizes(workshop, actor)) refused('forbidden', NOT_AN_ORGANIZER);
  return workshop;
};

/** The workshop, if `actor` is one of its organizers or an admin (404 if none, 403 if not theirs). */
export const getOrganizedWorkshop = async (id: string, actor: WorkshopActor): Promise<WorkshopItem> => mustOrganize(await mustExist(id), actor);

/** Changes the workshop's organizers to what `next` makes of them; answers the workshop as written, and whether it changed. */
export const changeWorkshopOrganizers = async (id: string, next: (ids: readonly string[]) => string[], at: Date): Promise<{ workshop: WorkshopItem; changed: boolean }> => {
  const result = await change(id, at, (current) => {
    const ids = organizerIdsOf(current);
    const after = [...new Set(next(ids))];
    if (after.length === ids.length && after.every((one, i) => one === ids[i])) return undefined;
    return { ...current, organizerIds: after };
  });
  return { workshop: result.next, changed: result.changed };
};

/** The roster for organizers: everyone, with current waitlist positions. */
export const roster = async (workshopId: string): Promise<RosterEntry[]> => {
  await mustExist(workshopId);
  const [registrations, waitlist] = await Promise.all([
    RegistrationStore.listForWorkshop(workshopId),
    RegistrationStore.waitlist(workshopId),
  ]);
  const positions = new Map(waitlist.map((entry, index) => [entry.registrationId, index + 1]));
  return registrations
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((registration) => ({
      id: registration.id,
      email: registration.email,
      displayName: registration.displayName ?? null,
      status: registration.status,
      waitlistPosition: positions.get(registration.id) ?? null,
      accessibilityNeeds: registration.accessibilityNeeds ?? null,
      createdAt: registration.createdAt,
      attended: Boolean(registration.attendedAt),
    }));
};
