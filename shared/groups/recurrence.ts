import * as rruleModule from 'rrule';
import type { Options, RRule as Rule, Weekday } from 'rrule';
import { parseDate, zonedInstant } from '../kernel/zoned-time';

// rrule ships an ES module (which bundlers and vitest take) and a UMD main (which Node's own loader
// takes, as the local runtime does): the classes are on the namespace in the one, on `default` in the other.
const { RRule } = (rruleModule as typeof rruleModule & { default?: typeof rruleModule }).default ?? rruleModule;

/**
 * A group's series of meetings (issue 14): an RFC 5545 RRULE read as the group's local wall clock.
 *
 * Only these parts are supported: FREQ (WEEKLY or MONTHLY), INTERVAL, BYDAY (with an ordinal for
 * MONTHLY, e.g. 2TU or -1FR), COUNT and UNTIL. Any other part is refused by name.
 *
 * The rule is expanded by the rrule library in floating time: the first date and start time are
 * taken as wall-clock fields, never as an instant, so a Tuesday 18:00 group stays at 18:00 local on
 * both sides of a daylight-saving change. Each meeting's wall-clock date and time then become an
 * instant through the group's IANA zone (shared/kernel/zoned-time.ts); a start time that the zone
 * skips on one of the meeting days (clocks jump forward over it) is refused, naming that day.
 *
 * A bounded series (COUNT or UNTIL) may hold at most MAX_MEETINGS meetings and span at most
 * MAX_SPAN_DAYS; an open-ended one will be planned over a rolling horizon (meeting items: still to build) and is checked here
 * over its first MAX_SPAN_DAYS.
 */
export const SUPPORTED_PARTS = ['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL'] as const;
export const MAX_MEETINGS = 200;
export const MAX_SPAN_DAYS = 731;
const DAY_MS = 24 * 3600 * 1000;

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type WeekdayCode = (typeof WEEKDAYS)[number];
const WEEKDAY_NAMES: Record<WeekdayCode, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };

export interface SeriesDay {
  weekday: WeekdayCode;
  /** For MONTHLY: 1 to 5 (the nth of the month) or -1 to -5 (counted from its end). */
  ordinal?: number;
}

/** A rule as Hearth understands it, from the RRULE string. */
export interface Recurrence {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  byDay: SeriesDay[];
  count?: number;
  /** The last date a meeting may fall on, YYYY-MM-DD (UNTIL, read as a date). */
  until?: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

const refuse = (field: string, message: string): { ok: false; field: string; message: string } => ({ ok: false, field, message });

/** UNTIL as a date (20271231) or a date and time (20271231T235959Z), read as its date. */
const untilDate = (value: string): string | undefined => {
  const [day = '', time, ...rest] = value.split('T');
  if (!/^\d{8}$/.test(day) || rest.length > 0 || (time !== undefined && !/^\d{6}Z?$/.test(time))) return undefined;
  const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
  return parseDate(date) ? date : undefined;
};

/** Reads an RRULE string (with or without `RRULE:`), refusing what Hearth does not support by name. */
export const parseRecurrence = (text: string): Checked<Recurrence> => {
  const field = 'recurrence';
  const body = text.trim().replace(/^RRULE:/i, '');
  if (body === '') return refuse(field, 'Give a recurrence rule, for example FREQ=WEEKLY;BYDAY=TU');
  const parts = new Map<string, string>();
  for (const piece of body.split(';')) {
    const [rawName, value, ...rest] = piece.split('=');
    const name = (rawName ?? '').trim().toUpperCase();
    if (!name || value === undefined || rest.length > 0 || value.trim() === '') return refuse(field, `"${piece}" is not a NAME=VALUE part of a recurrence rule`);
    if (!(SUPPORTED_PARTS as readonly string[]).includes(name)) return refuse(field, `${name} is not supported: use only ${SUPPORTED_PARTS.join(', ')}`);
    if (parts.has(name)) return refuse(field, `${name} is given twice`);
    parts.set(name, value.trim().toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') return refuse(field, freq ? `FREQ=${freq} is not supported: use FREQ=WEEKLY or FREQ=MONTHLY` : 'FREQ is missing: use FREQ=WEEKLY or FREQ=MONTHLY');
  const intervalText = parts.get('INTERVAL') ?? '1';
  const interval = /^\d{1,2}$/.test(intervalText) ? Number(intervalText) : NaN;
  if (!(interval >= 1 && interval <= 12)) return refuse(field, 'INTERVAL must be a whole number from 1 to 12');
  const byDay: SeriesDay[] = [];
  for (const code of (parts.get('BYDAY') ?? '').split(',').filter(Boolean)) {
    const weekday = code.slice(-2);
    const number = code.slice(0, -2);
    if (!(WEEKDAYS as readonly string[]).includes(weekday) || !(number === '' || /^[+-]?\d$/.test(number))) return refuse(field, `BYDAY=${code} is not a weekday like TU, or for monthly groups 2TU or -1FR`);
    const ordinal = number === '' ? undefined : Number(number);
    if (ordinal !== undefined && freq === 'WEEKLY') return refuse(field, `BYDAY=${code}: a weekly group meets on weekdays without a number, like TU`);
    if (ordinal !== undefined && (ordinal === 0 || Math.abs(ordinal) > 5)) return refuse(field, `BYDAY=${code}: the number must be 1 to 5, or -1 to -5 counted from the end of the month`);
    byDay.push({ weekday: weekday as WeekdayCode, ...(ordinal !== undefined ? { ordinal } : {}) });
  }
  if (freq === 'MONTHLY' && byDay.some((day) => day.ordinal === undefined)) return refuse(field, 'A monthly group meets on a numbered weekday, like BYDAY=2TU (the second Tuesday) or BYDAY=-1FR (the last Friday)');
  if (parts.has('COUNT') && parts.has('UNTIL')) return refuse(field, 'Give COUNT or UNTIL, not both');
  let count: number | undefined;
  if (parts.has('COUNT')) {
    count = /^\d{1,4}$/.test(parts.get('COUNT')!) ? Number(parts.get('COUNT')) : NaN;
    if (!(count >= 1)) return refuse(field, 'COUNT must be a whole number of meetings, at least 1');
    if (count > MAX_MEETINGS) return refuse(field, `COUNT=${count} is more than ${MAX_MEETINGS} meetings`);
  }
  let until: string | undefined;
  if (parts.has('UNTIL')) {
    until = untilDate(parts.get('UNTIL')!);
    if (!until) return refuse(field, `UNTIL=${parts.get('UNTIL')} is not a date like 20271231`);
  }
  return { ok: true, value: { freq, interval, byDay, ...(count !== undefined ? { count } : {}), ...(until ? { until } : {}) } };
};

/** What a series is made of: the recurrence, read in the group's zone from its first date and start time. */
export interface SeriesInput {
  recurrence: string;
  /** YYYY-MM-DD, local: the first meeting's date. */
  firstDate: string;
  /** HH:MM, local. */
  startTime: string;
  durationMinutes: number;
  timezone: string;
  /** YYYY-MM-DD, local: dates of the series on which the group does not meet. */
  excludedDates?: readonly string[];
}

export interface PlannedMeeting {
  /** The meeting's local date, YYYY-MM-DD: its identity within the series (RECURRENCE-ID). */
  date: string;
  startsAt: string;
  endsAt: string;
}

const rruleWeekday = (day: SeriesDay): Weekday => {
  const weekday = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU][WEEKDAYS.indexOf(day.weekday)]!;
  return day.ordinal === undefined ? weekday : weekday.nth(day.ordinal);
};

const floating = (date: string, time: string): Date => {
  const day = parseDate(date)!;
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(day.year, day.month - 1, day.day, hour, minute));
};
const floatingDate = (value: Date) => value.toISOString().slice(0, 10);

const weekdayOf = (date: string): WeekdayCode => WEEKDAYS[(floating(date, '00:00').getUTCDay() + 6) % 7]!;

/** The rrule library's options for this series, in floating time; BYDAY defaults to the first date's weekday. */
const ruleOf = (recurrence: Recurrence, input: SeriesInput): Rule => {
  const byDay = recurrence.byDay.length > 0 ? recurrence.byDay : [{ weekday: weekdayOf(input.firstDate) }];
  const options: Partial<Options> = {
    freq: recurrence.freq === 'WEEKLY' ? RRule.WEEKLY : RRule.MONTHLY,
    interval: recurrence.interval,
    byweekday: byDay.map(rruleWeekday),
    dtstart: floating(input.firstDate, input.startTime),
    wkst: RRule.MO,
    ...(recurrence.count !== undefined ? { count: recurrence.count } : {}),
    ...(recurrence.until ? { until: floating(recurrence.until, '23:59') } : {}),
  };
  return new RRule(options);
};

/** The local dates of the series from its first date, at most `limit` of them and none after `lastDate`. */
const seriesDates = (rule: Rule, lastDate: string, limit: number): string[] => {
  const dates: string[] = [];
  rule.all((occurrence, index) => {
    const date = floatingDate(occurrence);
    if (index >= limit || date > lastDate) return false;
    dates.push(date);
    return true;
  });
  return dates;
};

const addDays = (date: string, days: number) => floatingDate(new Date(floating(date, '00:00').getTime() + days * DAY_MS));

export interface Series {
  recurrence: Recurrence;
  /** Every meeting of a bounded series, or of an open-ended one's first MAX_SPAN_DAYS. */
  meetings: PlannedMeeting[];
  bounded: boolean;
}

/**
 * Checks a series and plans its meetings: refuses (naming the field) an unsupported rule, a first
 * date the rule does not meet on, UNTIL before the first date, more than MAX_MEETINGS meetings or
 * MAX_SPAN_DAYS, an excluded date that is not a meeting date, an empty series after exclusions, and
 * a start time that the zone skips on a meeting day.
 */
export const planSeries = (input: SeriesInput): Checked<Series> => {
  const parsed = parseRecurrence(input.recurrence);
  if (!parsed.ok) return parsed;
  const recurrence = parsed.value;
  if (!parseDate(input.firstDate)) return refuse('firstDate', 'Give the first date as YYYY-MM-DD');
  if (recurrence.until && recurrence.until < input.firstDate) return refuse('recurrence', `UNTIL (${recurrence.until}) is before the first date (${input.firstDate})`);
  const lastAllowed = addDays(input.firstDate, MAX_SPAN_DAYS - 1);
  if (recurrence.until && recurrence.until > lastAllowed) return refuse('recurrence', `UNTIL (${recurrence.until}) is more than 2 years after the first date`);
  const rule = ruleOf(recurrence, input);
  const bounded = recurrence.count !== undefined || recurrence.until !== undefined;
  // A bounded series is expanded to its end (at most one meeting past the limit), to see whether it runs too long.
  const dates = seriesDates(rule, recurrence.until ?? (bounded ? '9999-12-31' : lastAllowed), MAX_MEETINGS + 1);
  if (dates[0] !== input.firstDate) {
    const days = (recurrence.byDay.length > 0 ? recurrence.byDay : [{ weekday: weekdayOf(input.firstDate) }]).map((day) => WEEKDAY_NAMES[day.weekday]);
    return refuse('firstDate', `${input.firstDate} is a ${WEEKDAY_NAMES[weekdayOf(input.firstDate)]}, which is not a day this rule meets on (${[...new Set(days)].join(', ')}${recurrence.freq === 'MONTHLY' ? ', numbered as the rule says' : ''})`);
  }
  if (bounded && dates.length > MAX_MEETINGS) return refuse('recurrence', `The series has more than ${MAX_MEETINGS} meetings`);
  if (bounded && dates[dates.length - 1]! > lastAllowed) return refuse('recurrence', 'The series runs for more than 2 years');
  const excluded = new Set(input.excludedDates ?? []);
  for (const date of excluded) {
    if (!dates.includes(date)) return refuse('excludedDates', `${date} is not a meeting date of this series`);
  }
  const meetingDates = dates.slice(0, bounded ? MAX_MEETINGS : dates.length).filter((date) => !excluded.has(date));
  if (meetingDates.length === 0) return refuse('excludedDates', 'No meeting is left once the excluded dates are taken out');
  const meetings: PlannedMeeting[] = [];
  for (const date of meetingDates) {
    const start = zonedInstant(date, input.startTime, input.timezone);
    if (!start.ok) {
      if (start.reason === 'skipped') {
        return refuse('startTime', `${input.startTime} does not happen on ${date} in ${input.timezone}: the clocks jump forward over it that night. Choose a start time outside that hour`);
      }
      return refuse(start.reason === 'invalid-zone' ? 'timezone' : 'startTime', start.reason === 'invalid-zone' ? 'Choose a time zone from the list' : 'Give the start time as HH:MM');
    }
    const startsAt = new Date(Date.parse(start.instant));
    meetings.push({ date, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + input.durationMinutes * 60_000).toISOString() });
  }
  return { ok: true, value: { recurrence, meetings, bounded } };
};
