/**
 * Times as people read them: in the workshop's own time zone, always with the zone's full name, so
 * nobody has to guess whether "6 PM" is theirs or the organizer's. Pure functions (Intl only).
 *
 * Built from formatToParts rather than Intl's formatRange, which abbreviates the zone ("EST", or
 * "GMT+1" for Berlin) and names only one zone for a session that crosses a DST change.
 * English (en-US) wording, like the rest of the site.
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

/** "6:00 PM" in the given zone (no zone name). */
export const formatTime = (instant: Instant, timeZone: string): string => {
  const t = localTime(instant, timeZone);
  return withPeriod(t.clock, t.period);
};

/** "Eastern Standard Time": the zone's full name at that instant (standard or daylight). */
export const formatZoneName = (instant: Instant, timeZone: string): string => localTime(instant, timeZone).zone;

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
