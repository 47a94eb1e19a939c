import { fieldErrors } from '../../http/errors';
import type { HttpResult } from '../../http/response';
import { DEFAULT_REMINDER_OFFSETS, NewWorkshop, normalizeReminderOffsets, WorkshopChanges, type Workshop } from '../../workshops/model';
import { describeOffset, reminderChoices } from '../../reminders/offsets';
import { describedBy, Field, FieldError, errorId, hintId, TextAreaField, TextField, ErrorSummary } from '../../ui/fields';
import { consoleWorkshopPath } from './dashboard';
import { consolePage, type ConsoleOrganizer } from './layout';

/**
 * Creating and editing a workshop in the console. The form asks for a date, a start and an end time
 * and a time zone, as people think of them; the server turns them into instants with the zone's
 * offset on that day (DST included), then validates with the same zod schemas as the JSON API.
 * Works without JavaScript: an error re-renders the form with the typed values, a summary at the
 * top and each message next to its field.
 */

/* ------------------------------------------------------------------------------------------------
 * Wall-clock time in a zone <-> instants. Pure functions (Intl only).
 * --------------------------------------------------------------------------------------------- */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const wallFormatters = new Map<string, Intl.DateTimeFormat>();
const wallFormatter = (timeZone: string): Intl.DateTimeFormat => {
  let found = wallFormatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormatters.set(timeZone, found);
  }
  return found;
};

/** The wall-clock time of `ms` in the zone, read as if it were UTC (milliseconds). */
const wallMs = (timeZone: string, ms: number): number => {
  const parts = wallFormatter(timeZone).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour') % 24, part('minute'), part('second'));
};

/** The zone's offset from UTC at instant `ms`, in milliseconds (whole seconds). */
const offsetAt = (timeZone: string, ms: number): number => {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallMs(timeZone, whole) - whole;
};

const isZone = (timeZone: string): boolean => {
  if (!timeZone) return false;
  try {
    wallFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
};

const pad = (value: number, length = 2) => String(Math.abs(value)).padStart(length, '0');

/** A calendar date "YYYY-MM-DD" as numbers, or undefined unless it is a real date (no February 30). */
export const parseDate = (value: string): { year: number; month: number; day: number } | undefined => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day };
};

/**
 * A time of day as a browser's time input sends it ("18:30", "18:30:00"), or as a person types it
 * where the browser shows a plain text box ("6:30 pm", "6pm", "18.30").
 */
export const parseTime = (value: string): { hour: number; minute: number; second: number } | undefined => {
  // eslint-disable-next-line security/detect-unsafe-regex -- every group is optional and bounded (`\d{1,2}`, `\d{2}`, one letter), anchored at both ends: linear
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2}))?\s*(?:([ap])\.?\s*m\.?)?$/i.exec(value.trim());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const second = Number(match[3] ?? 0);
  const period = match[4]?.toLowerCase();
  if (period) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (period === 'p' ? 12 : 0);
  } else if (match[2] === undefined) {
    return undefined; // "6" alone: morning or evening?
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { hour, minute, second };
};

/** How a date and time of day in a zone became an instant. */
export type ZonedInstant =
  | {
      ok: true;
      /** ISO 8601 with the zone's offset on that day, e.g. "2026-12-01T18:00:00-05:00". */
      instant: string;
      /** The offset from UTC in minutes (east positive), e.g. -300 for New York in winter. */
      offsetMinutes: number;
      /** True on the day clocks go back, for a time that happens twice: the earlier one is taken. */
      ambiguous: boolean;
    }
  | {
      ok: false;
      /** `skipped`: clocks jump forward past this time on that day, so it never happens there. */
      reason: 'invalid-date' | 'invalid-time' | 'invalid-zone' | 'skipped';
    };

/**
 * The instant at which the wall clock in `timeZone` shows `date` ("YYYY-MM-DD") at `time` ("HH:MM").
 * On the day clocks go back a time happens twice: the earlier instant is taken (and flagged). On the
 * day clocks jump forward a time may not happen at all: that is an answer ('skipped'), not a guess.
 */
export const zonedInstant = (date: string, time: string, timeZone: string): ZonedInstant => {
  const day = parseDate(date);
  if (!day) return { ok: false, reason: 'invalid-date' };
  const clock = parseTime(time);
  if (!clock) return { ok: false, reason: 'invalid-time' };
  if (!isZone(timeZone)) return { ok: false, reason: 'invalid-zone' };
  const local = Date.UTC(day.year, day.month - 1, day.day, clock.hour, clock.minute, clock.second);
  // Every offset the zone uses around that day; the instant is `local - offset` for one (or two) of them.
  const offsets = new Set([-2, -1, 0, 1, 2].map((days) => offsetAt(timeZone, local + days * DAY)));
  const matches = [...new Set([...offsets].map((offset) => local - offset))]
    .filter((candidate) => wallMs(timeZone, candidate) === local)
    .sort((a, b) => a - b);
  const chosen = matches[0];
  if (chosen === undefined) return { ok: false, reason: 'skipped' };
  const offset = local - chosen;
  const offsetMinutes = offset / MINUTE;
  const sign = offset < 0 ? '-' : '+';
  const instant =
    offset % MINUTE === 0
      ? `${pad(day.year, 4)}-${pad(day.month)}-${pad(day.day)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`
      : new Date(chosen).toISOString(); // historical offsets in seconds: ISO 8601 offsets cannot say them
  return { ok: true, instant, offsetMinutes, ambiguous: matches.length > 1 };
};

/** What the wall clock in `timeZone` shows at `instant`: the date and time a form shows ("HH:MM"). */
export const wallClock = (instant: string | Date, timeZone: string): { date: string; time: string } => {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date and time: ${String(instant)}`);
  const wall = new Date(wallMs(timeZone, ms));
  return {
    date: `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
  };
};

/* ------------------------------------------------------------------------------------------------
 * Time zones offered in the form.
 * --------------------------------------------------------------------------------------------- */

export const FALLBACK_TIME_ZONE = 'America/New_York';

/** Offered first: where most Hearth organizations are. */
const commonZones = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
];

/**
 * The zone a new workshop starts with: the one the organization's workshops use most (ties: the
 * most recently created), else America/New_York.
 */
export const usualTimeZone = (workshops: ReadonlyArray<Pick<Workshop, 'timezone' | 'createdAt'>>): string => {
  const tally = new Map<string, { count: number; latest: string }>();
  for (const { timezone, createdAt } of workshops) {
    if (!isZone(timezone)) continue;
    const entry = tally.get(timezone) ?? { count: 0, latest: '' };
    tally.set(timezone, { count: entry.count + 1, latest: createdAt > entry.latest ? createdAt : entry.latest });
  }
  let best: [string, { count: number; latest: string }] | undefined;
  for (const candidate of tally) {
    if (!best || candidate[1].count > best[1].count || (candidate[1].count === best[1].count && candidate[1].latest > best[1].latest)) best = candidate;
  }
  return best?.[0] ?? FALLBACK_TIME_ZONE;
};

let allZones: string[] | undefined;
/** Every zone the runtime knows (IANA names), plus UTC. */
export const supportedTimeZones = (): string[] => {
  allZones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
  return allZones;
};

const zoneLabels = new Map<string, string>();
/** "America/New_York – Eastern Time" */
export const timeZoneLabel = (timeZone: string): string => {
  let label = zoneLabels.get(timeZone);
  if (!label) {
    let generic = '';
    try {
      generic = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' }).formatToParts(0).find((p) => p.type === 'timeZoneName')?.value ?? '';
    } catch {
      // an unknown zone is shown by its name
    }
    const name = timeZone.replaceAll('_', ' ');
    label = generic && !/^GMT[+-]/.test(generic) && generic !== name ? `${name} – ${generic}` : name;
    zoneLabels.set(timeZone, label);
  }
  return label;
};

/* ------------------------------------------------------------------------------------------------
 * Reading the form.
 * --------------------------------------------------------------------------------------------- */

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
const reminderSlots = ['reminder1', 'reminder2', 'reminder3'] as const;

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

const ordinal = ['first', 'second', 'third'];

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
  const shown = `${clock.hour % 12 || 12}:${pad(clock.minute)} ${clock.hour < 12 ? 'AM' : 'PM'}`;
  return `On ${longDate(date)} the clocks in ${timeZone.replaceAll('_', ' ')} jump forward, so ${shown} does not happen that day. Choose a later time.`;
};

const nextDay = (date: string): string => {
  const day = parseDate(date)!;
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
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
  if (errors.date || errors.startTime || errors.endTime || !isZone(timezone)) return { errors };

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

  let startsAt: string | undefined;
  if (keep && unchanged(keep.startsAt, date, startTime)) startsAt = keep.startsAt;
  else {
    const start = zonedInstant(date, startTime, timezone);
    if (start.ok) startsAt = start.instant;
    else errors.startTime = skippedMessage(date, startTime, timezone);
  }

  const endDate = minutesOf(endTime) <= minutesOf(startTime) ? nextDay(date) : date;
  let endsAt: string | undefined;
  if (keep && unchanged(keep.endsAt, endDate, endTime)) endsAt = keep.endsAt;
  else {
    const end = zonedInstant(endDate, endTime, timezone);
    if (end.ok) endsAt = end.instant;
    else errors.endTime = skippedMessage(endDate, endTime, timezone);
  }
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
  const input: Record<string, unknown> = {
    title: values.title ?? '',
    description: values.description ?? '',
    timezone: values.timezone ?? '',
    waitlist: values.waitlist === 'true' || values.waitlist === 'on',
    ...(capacity === undefined ? {} : { capacity }),
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

export type FormReading<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** A new workshop from the form, validated with the JSON API's NewWorkshop schema. */
export const readNewWorkshop = (values: WorkshopFormValues): FormReading<NewWorkshop> => {
  const { input, errors, times, reminders } = candidateOf(values);
  const parsed = NewWorkshop.safeParse(input);
  const all = mergeErrors(errors, parsed.success ? {} : formErrors(fieldErrors(parsed.error), reminders.slots), times);
  if (!parsed.success || Object.keys(all).length > 0) return { ok: false, errors: all };
  return { ok: true, value: parsed.data };
};

/**
 * The changes the form makes to `current`, validated like a new workshop (every field is on the form)
 * and then with the JSON API's WorkshopChanges schema. Only fields that differ are included; an
 * emptied optional field becomes null (removed). No changes: `value` is undefined.
 */
export const readWorkshopChanges = (values: WorkshopFormValues, current: Workshop): FormReading<WorkshopChanges | undefined> => {
  const { input, errors, times, reminders } = candidateOf(values, current);
  const parsed = NewWorkshop.safeParse(input);
  const all = mergeErrors(errors, parsed.success ? {} : formErrors(fieldErrors(parsed.error), reminders.slots), times);
  if (!parsed.success || Object.keys(all).length > 0) return { ok: false, errors: all };
  const next = parsed.data;
  const changes: Record<string, unknown> = {};
  for (const key of ['title', 'description', 'timezone', 'capacity', 'waitlist'] as const) {
    if (next[key] !== current[key]) changes[key] = next[key];
  }
  for (const key of ['startsAt', 'endsAt'] as const) {
    if (Date.parse(next[key]) !== Date.parse(current[key])) changes[key] = next[key];
  }
  for (const key of ['location', 'onlineUrl', 'facilitator'] as const) {
    // An empty value and a missing one are the same: no change (and no "new place" mail).
    if ((next[key] || undefined) !== (current[key] || undefined)) changes[key] = next[key] ?? null;
  }
  if (reminders.offsets) {
    const chosen = normalizeReminderOffsets(reminders.offsets);
    const before = normalizeReminderOffsets(current.reminderOffsetsMinutes);
    if (chosen.join() !== before.join()) changes.reminderOffsetsMinutes = chosen;
  }
  if (Object.keys(changes).length === 0) return { ok: true, value: undefined };
  const checked = WorkshopChanges.safeParse(changes);
  if (!checked.success) return { ok: false, errors: formErrors(fieldErrors(checked.error)) };
  return { ok: true, value: checked.data };
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

/* ------------------------------------------------------------------------------------------------
 * The page.
 * --------------------------------------------------------------------------------------------- */

export interface WorkshopFormPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  /** The workshop being edited; none for a new one. */
  workshop?: Workshop;
  values?: WorkshopFormValues;
  errors?: Record<string, string>;
  /** A problem with the whole submission (e.g. someone else changed the workshop at the same time). */
  formError?: string;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
}

const ZoneSelect = ({ value, invalid, describedBy: described }: { value: string; invalid: boolean; describedBy: string | undefined }) => {
  const all = supportedTimeZones();
  const common = [...new Set([...(value && isZone(value) ? [value] : []), ...commonZones])];
  const rest = all.includes(value) || !value || common.includes(value) ? all : [...all, value].sort();
  let selectedDone = false;
  // The often used zones say their everyday name too ("Eastern Time"); the long list, only its own.
  const option = (zone: string, label: string) => {
    const selected = !selectedDone && zone === value;
    if (selected) selectedDone = true;
    return (
      <option value={zone} selected={selected}>
        {label}
      </option>
    );
  };
  return (
    <select id="timezone" name="timezone" required aria-describedby={described} aria-invalid={invalid ? 'true' : undefined}>
      {!value ? <option value="">Choose a time zone</option> : null}
      <optgroup label="Often used">{common.map((zone) => option(zone, timeZoneLabel(zone)))}</optgroup>
      <optgroup label="All time zones">{rest.map((zone) => option(zone, zone.replaceAll('_', ' ')))}</optgroup>
    </select>
  );
};

/** "24 hours before", and the same for any whole number of minutes a script may have set. */
const reminderOptionLabel = (minutes: number) => `${describeOffset(minutes)} before`;

/**
 * One reminder slot: "No reminder" or a time before the start. A value the list does not offer (set
 * through the API, e.g. 90 minutes) is offered too, so saving the form keeps it.
 */
const ReminderSelect = ({ name, label, value, error }: { name: string; label: string; value: string; error: string | undefined }) => {
  const chosen = value.trim();
  const custom = /^\d{1,6}$/.test(chosen) && !reminderChoices.includes(Number(chosen)) ? Number(chosen) : undefined;
  const choices = custom === undefined ? reminderChoices : [...reminderChoices, custom].sort((a, b) => b - a);
  return (
    <Field error={error}>
      <label for={name}>{label}</label>
      <FieldError name={name} message={error} />
      <select id={name} name={name} aria-describedby={describedBy(hintId('reminders'), error && errorId(name))} aria-invalid={error ? 'true' : undefined}>
        <option value="" selected={chosen === ''}>
          No reminder
        </option>
        {choices.map((minutes) => (
          <option value={String(minutes)} selected={chosen === String(minutes)}>
            {reminderOptionLabel(minutes)}
          </option>
        ))}
      </select>
    </Field>
  );
};

export const WorkshopFormView = ({ workshop, values = {}, errors = {}, formError, csrfToken }: Omit<WorkshopFormPageProps, 'status' | 'organizer'>) => {
  const invalid = (name: string) => (errors[name] ? 'true' : undefined);
  const described = (name: string, hint: boolean) => describedBy(hint && hintId(name), errors[name] && errorId(name));
  const editing = Boolean(workshop);
  const action = workshop ? consoleWorkshopPath(workshop.id) : '/console/workshops';
  const back = workshop ? consoleWorkshopPath(workshop.id) : '/console';
  const confirmed = workshop?.confirmedCount ?? 0;

  if (workshop?.status === 'cancelled') {
    return (
      <>
        <h1>{`Edit: ${workshop.title}`}</h1>
        <p class="notice">This workshop is cancelled, so it can no longer be changed.</p>
        <p>
          <a href={back}>Back to the workshop</a>
        </p>
      </>
    );
  }

  return (
    <>
      <ErrorSummary errors={errors} formError={formError} fields={workshopFormFields} />
      <h1>{workshop ? `Edit: ${workshop.title}` : 'New workshop'}</h1>
      {editing ? (
        workshop?.status === 'published' ? (
          <p class="notice">
            This workshop is on the public site. If you change the time or the place, everyone registered gets an email
            with the new details and an updated calendar entry.
          </p>
        ) : null
      ) : (
        <p>The workshop is saved as a draft. Nobody can see it or register until you publish it.</p>
      )}
      <form method="post" action={action}>
        <input type="hidden" name="csrf" value={csrfToken} />

        <TextField name="title" label="Title" error={errors.title} required maxLength={120} value={values.title} />

        <TextAreaField
          name="description"
          label="Description (optional)"
          hint="What happens and who it is for. Shown on the public page."
          error={errors.description}
          rows={6}
          maxLength={4000}
          value={values.description}
        />

        <TextField
          name="facilitator"
          label="Facilitator (optional)"
          hint="The name people will see, for example “Sam (peer support specialist)”."
          error={errors.facilitator}
          maxLength={120}
          value={values.facilitator}
        />

        <fieldset>
          <legend>When</legend>
          <p class="hint" id={hintId('when')}>
            In the time zone of the workshop, as people there read their clocks.
          </p>

          <TextField name="date" label="Date" error={errors.date} extraDescribedBy={hintId('when')} type="date" required value={values.date} />

          <TextField
            name="startTime"
            label="Start time"
            error={errors.startTime}
            extraDescribedBy={hintId('when')}
            type="time"
            required
            value={values.startTime}
          />

          <TextField
            name="endTime"
            label="End time"
            hint="If it ends after midnight, enter the time it ends on the next day."
            error={errors.endTime}
            type="time"
            required
            value={values.endTime}
          />

          <Field error={errors.timezone}>
            <label for="timezone">Time zone</label>
            <FieldError name="timezone" message={errors.timezone} />
            <ZoneSelect value={values.timezone ?? ''} invalid={Boolean(errors.timezone)} describedBy={described('timezone', false)} />
          </Field>
        </fieldset>

        <TextField
          name="capacity"
          label="Places"
          hint={
            <>
              How many people can take part.
              {confirmed > 0
                ? ` ${confirmed} ${confirmed === 1 ? 'person already has' : 'people already have'} a place, so it cannot be lower than ${confirmed}.`
                : ''}
            </>
          }
          error={errors.capacity}
          type="number"
          inputMode="numeric"
          required
          min={Math.max(1, confirmed)}
          max={10000}
          step={1}
          value={values.capacity}
        />

        <Field error={errors.waitlist}>
          <FieldError name="waitlist" message={errors.waitlist} />
          <div class="checkbox">
            <input
              type="checkbox"
              id="waitlist"
              name="waitlist"
              value="true"
              checked={values.waitlist === 'true' || values.waitlist === 'on'}
              aria-describedby={described('waitlist', true)}
              aria-invalid={invalid('waitlist')}
            />
            <label for="waitlist">Keep a waitlist when all places are taken</label>
          </div>
          <p class="hint" id={hintId('waitlist')}>
            When someone cancels, the next person on the waitlist gets the place and an email.
          </p>
        </Field>

        <fieldset>
          <legend>Where</legend>
          <p class="hint" id={hintId('where')}>
            Give an address, an online link, or both. Only people with a place get them, by email.
          </p>

          <TextAreaField
            name="location"
            label="Address or place (optional)"
            error={errors.location}
            extraDescribedBy={hintId('where')}
            rows={3}
            maxLength={300}
            value={values.location}
          />

          <TextField
            name="onlineUrl"
            label="Online link (optional)"
            hint="The link to join, starting with https://"
            error={errors.onlineUrl}
            extraDescribedBy={hintId('where')}
            type="url"
            inputMode="url"
            spellcheck={false}
            maxLength={500}
            value={values.onlineUrl}
          />
        </fieldset>

        <fieldset>
          <legend>Reminders</legend>
          <p class="hint" id={hintId('reminders')}>
            Everyone with a place gets an email before the workshop: when it starts, how to join, a calendar entry and a link to
            cancel. Up to three; choose “No reminder” for fewer.
            {workshop?.status === 'published' ? ' A change applies to the reminders not sent yet.' : ''}
          </p>
          {reminderSlots.map((slot, i) => (
            <ReminderSelect
              name={slot}
              label={`${ordinal[i]![0]!.toUpperCase()}${ordinal[i]!.slice(1)} reminder`}
              value={values[slot] ?? ''}
              error={errors[slot]}
            />
          ))}
        </fieldset>

        <p>
          <button type="submit">{editing ? 'Save changes' : 'Save as draft'}</button>
        </p>
      </form>
      <p>
        <a href={back}>{editing ? 'Back without saving' : 'Back to the dashboard without saving'}</a>
      </p>
    </>
  );
};

export const workshopFormPage = ({ organizer, csrfToken, workshop, values, errors = {}, formError, status }: WorkshopFormPageProps): HttpResult => {
  const hasErrors = Boolean(formError) || Object.keys(errors).length > 0;
  const heading = workshop ? `Edit: ${workshop.title}` : 'New workshop';
  return consolePage({
    title: hasErrors ? `Error: ${heading}` : heading,
    status: status ?? (hasErrors ? 400 : 200),
    organizer,
    csrfToken,
    children: (
      <WorkshopFormView
        workshop={workshop}
        values={values ?? (workshop ? workshopFormValues(workshop) : newWorkshopValues(FALLBACK_TIME_ZONE))}
        errors={errors}
        formError={formError}
        csrfToken={csrfToken}
      />
    ),
  });
};
