/**
 * Times as people read them: in the workshop's own time zone, always with the zone's full name, so
 * nobody has to guess whether "6 PM" is theirs or the organizer's. Pure functions (Intl only).
 *
 * Built from formatToParts rather than Intl's formatRange, which abbreviates the zone ("EST", or
 * "GMT+1" for Berlin) and names only one zone for a session that crosses a DST change.
 * English (en-US) wording, like the rest of the site.
 *
 * And the other way: a date and a time of day as people type them in a zone, turned into an instant
 * with the zone's offset on that day (DST included), and the zones a form offers.
 */
const locale = 'en-US';

type Instant = string | Date;

const cache = new Map<string, Intl.DateTimeFormat>();
const formatter = (kind: 'date' | 'time', timeZone: string): Intl.DateTimeFormat => {
  const key = `${kind}|${timeZone}`;
  let found = cache.get(key);
  if (!found) {
    found =
      kind === 'date'
        ? new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' })
        : new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'long' });
    cache.set(key, found);
  }
  return found;
};

const toDate = (instant: Instant): Date => {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date and time: ${String(instant)}`);
  return date;
};

/** Intl puts narrow no-break and thin spaces in English times; plain spaces read and copy the same everywhere. */
const plainSpaces = (value: string): string => value.replace(/[\u00a0\u2009\u202f]/g, ' ');

interface LocalTime {
  date: string;
  clock: string;
  period: string;
  zone: string;
}

const localTime = (instant: Instant, timeZone: string): LocalTime => {
  const at = toDate(instant);
  const parts = formatter('time', timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: plainSpaces(formatter('date', timeZone).format(at)),
    clock: `${part('hour')}:${part('minute')}`,
    period: plainSpaces(part('dayPeriod')),
    zone: plainSpaces(part('timeZoneName')),
  };
};

const withPeriod = (clock: string, period: string) => (period ? `${clock} ${period}` : clock);

/** "Tuesday, December 1, 2026" in the given zone. */
export const formatDate = (instant: Instant, timeZone: string): string => localTime(instant, timeZone).date;

/** "Tuesday, December 1, 2026, 6:00 PM Eastern Standard Time" */
export const formatDateTime = (instant: Instant, timeZone: string): string => {
  const t = localTime(instant, timeZone);
  return `${t.date}, ${withPeriod(t.clock, t.period)} ${t.zone}`;
};

/**
 * A session's time span in its zone:
 * - same day: "Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time"
 * - across a DST change: "Sunday, November 1, 2026, 1:30 AM Eastern Daylight Time – 1:30 AM Eastern Standard Time"
 * - across midnight: "Tuesday, December 1, 2026, 10:00 PM – Wednesday, December 2, 2026, 1:00 AM Eastern Standard Time"
 */
export const formatWhen = (startsAt: Instant, endsAt: Instant, timeZone: string): string => {
  const start = localTime(startsAt, timeZone);
  const end = localTime(endsAt, timeZone);
  const sameDay = start.date === end.date;
  const sameZone = start.zone === end.zone;
  const endText = `${withPeriod(end.clock, end.period)} ${end.zone}`;
  if (sameDay && sameZone) {
    const startText = start.period === end.period ? start.clock : withPeriod(start.clock, start.period);
    return `${start.date}, ${startText} – ${endText}`;
  }
  const startText = withPeriod(start.clock, start.period) + (sameZone ? '' : ` ${start.zone}`);
  return sameDay ? `${start.date}, ${startText} – ${endText}` : `${start.date}, ${startText} – ${end.date}, ${endText}`;
};

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

/** Whether the runtime knows the zone (an IANA name, or UTC). */
export const isTimeZone = (timeZone: string): boolean => {
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
  if (!isTimeZone(timeZone)) return { ok: false, reason: 'invalid-zone' };
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

/** The calendar day after `date` ("YYYY-MM-DD", a real date: see parseDate). */
export const nextDate = (date: string): string => {
  const day = parseDate(date);
  if (!day) throw new RangeError(`Not a date: ${date}`);
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return `${pad(next.getUTCFullYear(), 4)}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
};

/* ------------------------------------------------------------------------------------------------
 * Time zones a form offers.
 * --------------------------------------------------------------------------------------------- */

export const FALLBACK_TIME_ZONE = 'America/New_York';

/** Offered first: where most Hearth organizations are. */
export const commonTimeZones = [
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
 * The zone a new workshop starts with: the one the organization's workshops (anything with a zone
 * and a creation time) use most (ties: the most recently created), else America/New_York.
 */
export const usualTimeZone = (workshops: ReadonlyArray<{ timezone: string; createdAt: string }>): string => {
  const tally = new Map<string, { count: number; latest: string }>();
  for (const { timezone, createdAt } of workshops) {
    if (!isTimeZone(timezone)) continue;
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
