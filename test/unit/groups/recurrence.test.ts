import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { MAX_MEETINGS, parseRecurrence, planSeries, type SeriesInput } from '../../../shared/groups/recurrence';
import { wallClock } from '../../../shared/kernel/zoned-time';

/**
 * A group's series (issue 14): the RRULE subset, the refusals that name what is wrong, and meetings
 * that stay at the group's local time across daylight-saving changes. The dates are checked against
 * a second, independent expansion by ical.js.
 */
const weeklyTuesday: SeriesInput = {
  recurrence: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20271130',
  firstDate: '2027-03-02',
  startTime: '18:00',
  durationMinutes: 90,
  timezone: 'America/New_York',
};

const planned = (input: SeriesInput) => {
  const series = planSeries(input);
  if (!series.ok) throw new Error(`${series.field}: ${series.message}`);
  return series.value;
};

const refusal = (input: SeriesInput) => {
  const series = planSeries(input);
  if (series.ok) throw new Error('planned, where a refusal was expected');
  return { field: series.field, message: series.message };
};

/** The same rule expanded by ical.js, in floating time: the local dates it meets on. */
const icalDates = (rule: string, firstDate: string, startTime: string, max = 400) => {
  const iterator = ICAL.Recur.fromString(rule).iterator(ICAL.Time.fromDateTimeString(`${firstDate}T${startTime}:00`));
  const dates: string[] = [];
  for (let next = iterator.next(); next && dates.length < max; next = iterator.next()) dates.push(next.toString().slice(0, 10));
  return dates;
};

describe('a weekly Tuesday 18:00 America/New_York group across 2027-03-14 and 2027-11-07', () => {
  const series = planned(weeklyTuesday);

  it('meets every Tuesday at 18:00 local on both sides of both changes, 90 minutes long', () => {
    // UNTIL as a date means "up to and including that day"; in iCalendar terms, until its last second.
    expect(series.meetings.map((meeting) => meeting.date)).toEqual(icalDates('FREQ=WEEKLY;BYDAY=TU;UNTIL=20271130T235959', '2027-03-02', '18:00'));
    expect(series.meetings).toHaveLength(40);
    for (const meeting of series.meetings) {
      expect(wallClock(meeting.startsAt, 'America/New_York')).toEqual({ date: meeting.date, time: '18:00' });
      expect(Date.parse(meeting.endsAt) - Date.parse(meeting.startsAt)).toBe(90 * 60_000);
    }
  });

  it('is at 23:00 UTC before the spring change, 22:00 UTC in summer, and 23:00 UTC again after the autumn one', () => {
    const at = (date: string) => series.meetings.find((meeting) => meeting.date === date)!.startsAt;
    expect(at('2027-03-09')).toBe('2027-03-09T23:00:00.000Z');
    expect(at('2027-03-16')).toBe('2027-03-16T22:00:00.000Z');
    expect(at('2027-11-02')).toBe('2027-11-02T22:00:00.000Z');
    expect(at('2027-11-09')).toBe('2027-11-09T23:00:00.000Z');
  });
});

describe('a monthly last-Friday (BYDAY=-1FR) Europe/Berlin group across 2027-03-28 and 2027-10-31', () => {
  const input: SeriesInput = { recurrence: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=12', firstDate: '2027-01-29', startTime: '19:30', durationMinutes: 120, timezone: 'Europe/Berlin' };
  const series = planned(input);

  it('meets on the last Friday of each month at 19:30 local, in winter and summer time alike', () => {
    expect(series.meetings.map((meeting) => meeting.date)).toEqual(icalDates(input.recurrence, input.firstDate, input.startTime));
    expect(series.meetings.map((meeting) => meeting.date)).toEqual([
      '2027-01-29', '2027-02-26', '2027-03-26', '2027-04-30', '2027-05-28', '2027-06-25',
      '2027-07-30', '2027-08-27', '2027-09-24', '2027-10-29', '2027-11-26', '2027-12-31',
    ]);
    for (const meeting of series.meetings) expect(wallClock(meeting.startsAt, 'Europe/Berlin')).toEqual({ date: meeting.date, time: '19:30' });
    expect(series.meetings[2]!.startsAt).toBe('2027-03-26T18:30:00.000Z');
    expect(series.meetings[3]!.startsAt).toBe('2027-04-30T17:30:00.000Z');
    expect(series.meetings[10]!.startsAt).toBe('2027-11-26T18:30:00.000Z');
  });

  it('takes INTERVAL and a second-Tuesday rule as ical.js does', () => {
    const every2 = { ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=20' };
    expect(planned(every2).meetings.map((meeting) => meeting.date)).toEqual(icalDates(every2.recurrence, every2.firstDate, every2.startTime));
    const second = { ...input, recurrence: 'FREQ=MONTHLY;BYDAY=2TU;UNTIL=20271231', firstDate: '2027-01-12' };
    expect(planned(second).meetings.map((meeting) => meeting.date)).toEqual(icalDates(second.recurrence, second.firstDate, second.startTime));
  });
});

describe('what is refused, naming the field', () => {
  it('a part of RRULE that Hearth does not support, by its name', () => {
    for (const part of ['BYMONTHDAY=1', 'BYSETPOS=-1', 'BYHOUR=9', 'WKST=SU', 'BYMONTH=3']) {
      const { field, message } = refusal({ ...weeklyTuesday, recurrence: `FREQ=WEEKLY;BYDAY=TU;${part}` });
      expect(field).toBe('recurrence');
      expect(message).toContain(`${part.split('=')[0]} is not supported`);
    }
    expect(refusal({ ...weeklyTuesday, recurrence: 'FREQ=DAILY' }).message).toMatch(/FREQ=DAILY is not supported/);
    expect(refusal({ ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=2TU' }).message).toMatch(/a weekly group meets on weekdays without a number/);
    expect(refusal({ ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;COUNT=3;UNTIL=20270401' }).message).toMatch(/COUNT or UNTIL, not both/);
    expect(parseRecurrence('RRULE:freq=weekly;byday=tu').ok).toBe(true);
  });

  it('UNTIL before the first date', () => {
    expect(refusal({ ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270201' })).toEqual({ field: 'recurrence', message: 'UNTIL (2027-02-01) is before the first date (2027-03-02)' });
  });

  it('more than 200 meetings, or more than 2 years', () => {
    expect(refusal({ ...weeklyTuesday, recurrence: `FREQ=WEEKLY;BYDAY=TU;COUNT=${MAX_MEETINGS + 1}` }).message).toMatch(/more than 200 meetings/);
    expect(refusal({ ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=150' }).message).toMatch(/runs for more than 2 years/);
    expect(planned({ ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE;COUNT=200' }).meetings).toHaveLength(200);
    expect(refusal({ ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20290601' }).message).toMatch(/more than 2 years after the first date/);
  });

  it('an empty series once the excluded dates are out, and an excluded date the series does not meet on', () => {
    const two = { ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2' };
    expect(refusal({ ...two, excludedDates: ['2027-03-02', '2027-03-09'] })).toEqual({ field: 'excludedDates', message: 'No meeting is left once the excluded dates are taken out' });
    expect(refusal({ ...two, excludedDates: ['2027-03-03'] }).field).toBe('excludedDates');
    expect(planned({ ...two, excludedDates: ['2027-03-09'] }).meetings.map((meeting) => meeting.date)).toEqual(['2027-03-02']);
  });

  it('a start time the zone skips on a meeting day (clocks jump forward over it), naming the day', () => {
    const sunday = { ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=SU;COUNT=4', firstDate: '2027-03-07', startTime: '02:30' };
    expect(refusal(sunday)).toEqual({
      field: 'startTime',
      message: '02:30 does not happen on 2027-03-14 in America/New_York: the clocks jump forward over it that night. Choose a start time outside that hour',
    });
    // The hour that happens twice in November is taken the first time, as everywhere in Hearth.
    const autumn = planned({ ...sunday, firstDate: '2027-10-31', startTime: '01:30' });
    expect(autumn.meetings[1]).toMatchObject({ date: '2027-11-07', startsAt: '2027-11-07T05:30:00.000Z' });
  });

  it('a first date the rule does not meet on', () => {
    expect(refusal({ ...weeklyTuesday, firstDate: '2027-03-03' })).toMatchObject({ field: 'firstDate', message: expect.stringMatching(/is a Wednesday, which is not a day this rule meets on \(Tuesday\)/) });
  });
});

describe('an open-ended group', () => {
  it('is planned over its first two years at most, and checked over them', () => {
    const series = planned({ ...weeklyTuesday, recurrence: 'FREQ=WEEKLY;BYDAY=TU' });
    expect(series.bounded).toBe(false);
    expect(series.meetings.length).toBeGreaterThan(100);
    expect(series.meetings.at(-1)!.date <= '2029-03-02').toBe(true);
  });
});
