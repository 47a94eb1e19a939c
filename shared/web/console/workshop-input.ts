import { isTimeZone, nextDate, parseDate, parseTime, wallClock, zonedInstant } from '../../kernel/zoned-time';
import { describeOffset } from '../../reminders/offsets';
import { readForm, type FormReading } from '../../ui/forms/read-form';
import { DEFAULT_REMINDER_OFFSETS, NewWorkshop, normalizeReminderOffsets, WorkshopChanges, type Workshop } from '../../workshops/model';

/**
 * Reading the console's workshop form (workshop-form.tsx shows it). The form asks for a date, a
 * start and an end time and a time zone, as people think of them; this turns them into instants
 * with the zone's offset on that day (DST included, shared/kernel/zoned-time.ts), then validates
 * with the same zod schemas as the JSON API. Errors are keyed by the form's field names.
 */

/** The form's fields in page order; the error summary links follow it. */
export const workshopFormFields = [
  { name: 'title', label: 'Title' },
  { name: 'description', label: 'Description' },
  { name: 'facilitator', label: 'Facilitator' },
  { name: 'date', label: 'Date' },
  { name: 'startTime', label: 'Start time' },
  { name: 'endTime', label: 'End time' },
  { name: 'timezone', label: 'Time zone' },
  { name: 'capacity', label: 'Places' },
  { name: 'waitlist', label: 'Waitlist' },
  { name: 'discreet', label: 'Discreet' },
  { name: 'retentionDays', label: 'Erase registrations after' },
  { name: 'location', label: 'Address or place' },
  { name: 'onlineUrl', label: 'Online link' },
  { name: 'reminder1', label: 'First reminder' },
  { name: 'reminder2', label: 'Second reminder' },
  { name: 'reminder3', label: 'Third reminder' },
] as const;

export type WorkshopFormValues = Partial<Record<(typeof workshopFormFields)[number]['name'], string>>;

/** The model's field names as the form names them (`_` and unknown names stay as they are). */
const formNameOf: Record<string, string> = { startsAt: 'startTime', endsAt: 'endTime' };

/** The reminder slots, in page order. */
export const reminderSlots = ['reminder1', 'reminder2', 'reminder3'] as const;

/**
 * Field errors from the schemas or the domain (`{ startsAt: … }`) keyed by the form's field names.
 * `slots` names the form field of each entry of `reminderOffsetsMinutes` (empty slots are left out
 * of the list); a problem with the list as a whole goes to the first reminder.
 */
export const formErrors = (fields: Record<string, string> | undefined, slots: readonly string[] = reminderSlots): Record<string, string> => {
  const errors: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields ?? {})) {
    // eslint-disable-next-line security/detect-unsafe-regex -- `(?:\.(\d+))?` matches at most once, anchored at both ends: linear
    const entry = /^reminderOffsetsMinutes(?:\.(\d+))?$/.exec(name);
    const formName = entry ? (entry[1] !== undefined ? slots[Number(entry[1])] : undefined) ?? 'reminder1' : (formNameOf[name] ?? name);
    errors[formName] ??= message;
  }
  return errors;
};

interface Reminders {
  /** Minutes before the start, in slot order; undefined when the form has no reminder fields. */
  offsets?: number[];
  /** The slot each offset came from. */
  slots: string[];
  errors: Record<string, string>;
}

/** The slots' names in words, in page order. */
export const ordinal = ['first', 'second', 'third'];

/**
 * The reminder slots: each "" (no reminder) or a number of minutes. A form without any of the fields
 * (a script posting the older form) leaves the reminders as they are, or the default for a new one.
 */
const readReminders = (values: WorkshopFormValues): Reminders => {
  if (reminderSlots.every((slot) => values[slot] === undefined)) return { slots: [], errors: {} };
  const offsets: number[] = [];
  const slots: string[] = [];
  const errors: Record<string, string> = {};
  for (const slot of reminderSlots) {
    const raw = (values[slot] ?? '').trim();
    if (!raw) continue;
    if (!/^\d{1,6}$/.test(raw)) {
      errors[slot] = 'Choose a time from the list, or “No reminder”';
      continue;
    }
    const minutes = Number(raw);
    const earlier = offsets.indexOf(minutes);
    if (earlier >= 0) {
      errors[slot] = `The ${ordinal[reminderSlots.indexOf(slots[earlier] as (typeof reminderSlots)[number])]} reminder is already ${describeOffset(minutes)} before. Choose another time, or “No reminder”`;
      continue;
    }
    offsets.push(minutes);
    slots.push(slot);
  }
  return { offsets, slots, errors };
};

/** An ending after midnight (end time before the start time) is read as the next day, up to this long. */
const MAX_OVERNIGHT_MS = 12 * 3600 * 1000;

const longDate = (date: string) => {
  const day = parseDate(date)!;
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long', day: 'numeric', year: 'numeric' }).format(Date.UTC(day.year, day.month - 1, day.day));
};

const skippedMessage = (date: string, time: string, timeZone: string) => {
  const clock = parseTime(time)!;
  const shown = `${clock.hour % 12 || 12}:${String(clock.minute).padStart(2, '0')} ${clock.hour < 12 ? 'AM' : 'PM'}`;
  return `On ${longDate(date)} the clocks in ${timeZone.replaceAll('_', ' ')} jump forward, so ${shown} does not happen that day. Choose a later time.`;
};

/** Minutes since midnight of a parsed time (seconds as a fraction). */
const minutesOf = (time: string) => {
  const clock = parseTime(time)!;
  return clock.hour * 60 + clock.minute + clock.second / 60;
};

interface Times {
  startsAt?: string;
  endsAt?: string;
  errors: Record<string, string>;
}

/**
 * The start and end instants of the form's date, times and zone. `keep` is the workshop being
 * edited: a start or end whose wall-clock time did not change keeps its instant (on the day clocks go
 * back, "1:30" is two instants, and saving an unrelated change must not move the workshop).
 */
const readTimes = (values: WorkshopFormValues, keep?: Pick<Workshop, 'startsAt' | 'endsAt' | 'timezone'>): Times => {
  const date = (values.date ?? '').trim();
  const startTime = (values.startTime ?? '').trim();
  const endTime = (values.endTime ?? '').trim();
  const timezone = values.timezone ?? '';
  const errors: Record<string, string> = {};
  if (!date) errors.date = 'Enter the date';
  else if (!parseDate(date)) errors.date = 'Enter a real date, for example 2026-12-01';
  if (!startTime) errors.startTime = 'Enter the start time';
  else if (!parseTime(startTime)) errors.startTime = 'Enter a time, for example 18:30 or 6:30 PM';
  if (!endTime) errors.endTime = 'Enter the end time';
  else if (!parseTime(endTime)) errors.endTime = 'Enter a time, for example 20:00 or 8:00 PM';
  if (errors.date || errors.startTime || errors.endTime || !isTimeZone(timezone)) return { errors };

  const unchanged = (instant: string, day: string, time: string) => {
    if (!keep || keep.timezone !== timezone) return false;
    const shown = wallClock(instant, keep.timezone);
    return shown.date === day && minutesOf(shown.time) === minutesOf(time);
  };

  // Untouched times keep both instants, also for a workshop the form cannot describe exactly (made
  // through the API, longer than the overnight rule allows).
  if (keep && unchanged(keep.startsAt, date, startTime) && keep.timezone === timezone) {
    const end = wallClock(keep.endsAt, keep.timezone);
    if (minutesOf(end.time) === minutesOf(endTime)) return { startsAt: keep.startsAt, endsAt: keep.endsAt, errors };
  }

  // Each of the two: the kept instant if its wall-clock time did not change, else the zone's instant
  // of the day and time (an error on the field when the clocks skip that time).
  const instantOf = (kept: string | undefined, day: string, time: string, field: 'startTime' | 'endTime'): string | undefined => {
    if (kept !== undefined && unchanged(kept, day, time)) return kept;
    const zoned = zonedInstant(day, time, timezone);
    if (zoned.ok) return zoned.instant;
    errors[field] = skippedMessage(day, time, timezone);
    return undefined;
  };

  const startsAt = instantOf(keep?.startsAt, date, startTime, 'startTime');
  const endDate = minutesOf(endTime) <= minutesOf(startTime) ? nextDate(date) : date;
  let endsAt = instantOf(keep?.endsAt, endDate, endTime, 'endTime');
  if (startsAt && endsAt && endDate !== date && Date.parse(endsAt) - Date.parse(startsAt) > MAX_OVERNIGHT_MS) {
    errors.endTime = 'Must be after the start time';
    endsAt = undefined;
  }
  return { startsAt, endsAt, errors };
};

const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

interface Candidate {
  input: Record<string, unknown>;
  errors: Record<string, string>;
  times: Times;
  reminders: Reminders;
}

const candidateOf = (values: WorkshopFormValues, keep?: Pick<Workshop, 'startsAt' | 'endsAt' | 'timezone'>): Candidate => {
  const times = readTimes(values, keep);
  const reminders = readReminders(values);
  const errors: Record<string, string> = { ...times.errors, ...reminders.errors };
  if (!(values.title ?? '').trim()) errors.title = 'Enter a title';
  const capacityText = (values.capacity ?? '').trim();
  let capacity: number | undefined;
  if (!capacityText) errors.capacity = 'Enter how many people can take part';
  else if (!/^\d{1,6}$/.test(capacityText)) errors.capacity = 'Enter a whole number, for example 12';
  else capacity = Number(capacityText);
  const retentionText = (values.retentionDays ?? '').trim();
  let retentionDays: number | undefined;
  if (retentionText && !/^\d{1,5}$/.test(retentionText)) errors.retentionDays = 'Enter a whole number of days, for example 30, or leave it empty';
  else if (retentionText) retentionDays = Number(retentionText);
  const input: Record<string, unknown> = {
    title: values.title ?? '',
    description: values.description ?? '',
    timezone: values.timezone ?? '',
    waitlist: values.waitlist === 'true' || values.waitlist === 'on',
    discreet: values.discreet === 'true' || values.discreet === 'on',
    ...(capacity === undefined ? {} : { capacity }),
    ...(retentionDays === undefined ? {} : { retentionDays }),
    ...(times.startsAt ? { startsAt: times.startsAt } : {}),
    ...(times.endsAt ? { endsAt: times.endsAt } : {}),
    ...(optional(values.facilitator) ? { facilitator: optional(values.facilitator) } : {}),
    ...(optional(values.location) ? { location: optional(values.location) } : {}),
    ...(optional(values.onlineUrl) ? { onlineUrl: optional(values.onlineUrl) } : {}),
    ...(reminders.offsets ? { reminderOffsetsMinutes: reminders.offsets } : {}),
  };
  return { input, errors, times, reminders };
};

/** The form's own errors first (they are about what was typed); the schema's for the rest. */
const mergeErrors = (own: Record<string, string>, schema: Record<string, string>, times: Times) => {
  const errors = { ...own };
  for (const [name, message] of Object.entries(schema)) {
    // A time the form could not read has its own message (or the zone's); the schema only saw it missing.
    if ((name === 'startTime' && !times.startsAt) || (name === 'endTime' && !times.endsAt)) continue;
    errors[name] ??= message;
  }
  return errors;
};

/** A new workshop from the form, validated with the JSON API's NewWorkshop schema. */
export const readNewWorkshop = (values: WorkshopFormValues): FormReading<NewWorkshop> => {
  const { input, errors, times, reminders } = candidateOf(values);
  const parsed = readForm(NewWorkshop, input);
  const all = mergeErrors(errors, parsed.ok ? {} : formErrors(parsed.errors, reminders.slots), times);
  if (!parsed.ok || Object.keys(all).length > 0) return { ok: false, errors: all };
  return { ok: true, value: parsed.value };
};

/**
 * The changes the form makes to `current`, validated like a new workshop (every field is on the form)
 * and then with the JSON API's WorkshopChanges schema. Only fields that differ are included; an
 * emptied optional field becomes null (removed). No changes: `value` is undefined.
 */
export const readWorkshopChanges = (values: WorkshopFormValues, current: Workshop): FormReading<WorkshopChanges | undefined> => {
  const { input, errors, times, reminders } = candidateOf(values, current);
  const parsed = readForm(NewWorkshop, input);
  const all = mergeErrors(errors, parsed.ok ? {} : formErrors(parsed.errors, reminders.slots), times);
  if (!parsed.ok || Object.keys(all).length > 0) return { ok: false, errors: all };
  const next = parsed.value;
  const changes: Record<string, unknown> = {};
  for (const key of ['title', 'description', 'timezone', 'capacity', 'waitlist', 'discreet'] as const) {
    if (next[key] !== current[key]) changes[key] = next[key];
  }
  for (const key of ['startsAt', 'endsAt'] as const) {
    if (Date.parse(next[key]) !== Date.parse(current[key])) changes[key] = next[key];
  }
  for (const key of ['location', 'onlineUrl', 'facilitator'] as const) {
    // An empty value and a missing one are the same: no change (and no "new place" mail).
    if ((next[key] || undefined) !== (current[key] || undefined)) changes[key] = next[key] ?? null;
  }
  // A form without the field (a script posting the older form) leaves the period as it is.
  if (values.retentionDays !== undefined && next.retentionDays !== current.retentionDays) changes.retentionDays = next.retentionDays ?? null;
  if (reminders.offsets) {
    const chosen = normalizeReminderOffsets(reminders.offsets);
    const before = normalizeReminderOffsets(current.reminderOffsetsMinutes);
    if (chosen.join() !== before.join()) changes.reminderOffsetsMinutes = chosen;
  }
  if (Object.keys(changes).length === 0) return { ok: true, value: undefined };
  const checked = readForm(WorkshopChanges, changes);
  return checked.ok ? checked : { ok: false, errors: formErrors(checked.errors) };
};

/** The form's values for an existing workshop (dates and times in its own zone). */
export const workshopFormValues = (workshop: Workshop): WorkshopFormValues => {
  const start = wallClock(workshop.startsAt, workshop.timezone);
  const end = wallClock(workshop.endsAt, workshop.timezone);
  return {
    title: workshop.title,
    description: workshop.description,
    facilitator: workshop.facilitator ?? '',
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    timezone: workshop.timezone,
    capacity: String(workshop.capacity),
    waitlist: workshop.waitlist ? 'true' : '',
    discreet: workshop.discreet ? 'true' : '',
    retentionDays: workshop.retentionDays === undefined ? '' : String(workshop.retentionDays),
    location: workshop.location ?? '',
    onlineUrl: workshop.onlineUrl ?? '',
    ...reminderValues(workshop.reminderOffsetsMinutes),
  };
};

/** The reminder slots of a list of offsets, largest first; the rest "" (no reminder). */
const reminderValues = (offsets: readonly number[]): Pick<WorkshopFormValues, (typeof reminderSlots)[number]> => {
  const sorted = normalizeReminderOffsets(offsets);
  return Object.fromEntries(reminderSlots.map((slot, i) => [slot, sorted[i] === undefined ? '' : String(sorted[i])]));
};

/** A new workshop's starting values: the usual zone, a waitlist, reminders 24 hours and 1 hour before. */
export const newWorkshopValues = (timezone: string): WorkshopFormValues => ({
  timezone,
  waitlist: 'true',
  ...reminderValues(DEFAULT_REMINDER_OFFSETS),
});
