import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor';
import { AuditLog } from '../kernel/audit-store';
import { done, refuse, refused, type Outcome } from '../kernel/refusal';
import { DEFAULT_REMINDER_OFFSETS, normalizeReminderOffsets } from '../workshops/port';
import { GroupStore, type GroupItem } from './group-store';
import type { Group, NewGroupInput } from './model';
import { planSeries } from './recurrence';

/**
 * Organizing support groups (issue 14), first part: a draft is created by an organizer (or a key)
 * who becomes its organizer, and read back by its organizers and admins. The series is checked
 * when the group is written, so a rule that cannot be planned is refused (400, on its field) before
 * anything is stored; it is planned again from the stored fields whenever the group is read.
 */
const UPCOMING = 12;

const NOT_AN_ORGANIZER = 'Only this group’s organizers, and admins, may see or change it';

/** The group with its series planned from now: whether it ends, and its next meetings. */
const withSeries = (group: GroupItem, at: Date): Group => {
  const series = planSeries(group);
  if (!series.ok) throw new Error(`A stored group no longer plans (${series.field}: ${series.message})`);
  const upcoming = series.value.meetings.filter((meeting) => Date.parse(meeting.endsAt) > at.getTime()).slice(0, UPCOMING);
  return { ...group, bounded: series.value.bounded, upcoming };
};

const organizes = (group: GroupItem, actor: Actor) => actor.admin || group.organizerIds.includes(actor.id);

export const GroupOrganizing = {
  /** A new draft, organized by the actor; refused as `invalid`, naming the field, when its series cannot be planned. */
  async create(actor: Actor, input: NewGroupInput, at: Date): Promise<Outcome<Group>> {
    if (input.approval && input.membership !== 'closed') return refuse('invalid', 'Only a closed group takes join requests', { fields: { approval: 'Only a closed group takes join requests (membership: closed)' } });
    const series = planSeries({ ...input, excludedDates: input.excludedDates ?? [] });
    if (!series.ok) return refuse('invalid', series.message, { fields: { [series.field]: series.message } });
    const group: GroupItem = {
      id: randomUUID(),
      title: input.title,
      description: input.description,
      ...(input.facilitator ? { facilitator: input.facilitator } : {}),
      timezone: input.timezone,
      firstDate: input.firstDate,
      startTime: input.startTime,
      durationMinutes: input.durationMinutes,
      recurrence: input.recurrence.trim().replace(/^RRULE:/i, '').toUpperCase(),
      excludedDates: [...new Set(input.excludedDates ?? [])].sort(),
      capacity: input.capacity,
      waitlist: input.waitlist ?? true,
      ...(input.location ? { location: input.location } : {}),
      ...(input.onlineUrl ? { onlineUrl: input.onlineUrl } : {}),
      reminderOffsetsMinutes: normalizeReminderOffsets(input.reminderOffsetsMinutes ?? DEFAULT_REMINDER_OFFSETS),
      membership: input.membership,
      approval: input.membership === 'closed' && input.approval === true,
      status: 'draft',
      organizerIds: [actor.id],
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    await GroupStore.create(group);
    await AuditLog.record(actor.id, 'group-created', group.id, at);
    return done(withSeries(group, at));
  },

  /** The group, if the actor organizes it (or is an admin); refused as `not-found` or `forbidden` otherwise. */
  async get(actor: Actor, groupId: string, at: Date): Promise<Group> {
    const group = await GroupStore.get(groupId);
    if (!group) return refused('not-found', 'No such group');
    if (!organizes(group, actor)) return refused('forbidden', NOT_AN_ORGANIZER);
    return withSeries(group, at);
  },

  /** Every group the actor organizes (every group for an admin), newest first. */
  async list(actor: Actor, at: Date): Promise<Group[]> {
    return (await GroupStore.list())
      .filter((group) => organizes(group, actor))
      .reverse()
      .map((group) => withSeries(group, at));
  },
};
