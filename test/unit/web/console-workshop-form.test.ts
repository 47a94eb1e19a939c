import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NewWorkshop, type Workshop } from '../../../shared/workshops/model';
import { cancelAudience, workshopDetailPage } from '../../../shared/web/console/workshop-detail';
import { parseTime, supportedTimeZones, usualTimeZone, wallClock, zonedInstant } from '../../../shared/kernel/zoned-time';
import { workshopFormPage } from '../../../shared/web/console/workshop-form';
import { formErrors, readNewWorkshop, readWorkshopChanges, workshopFormFields, workshopFormValues } from '../../../shared/web/console/workshop-input';
import { filledWorkshopForm as filled } from './fixtures';
import { attributes, byId, mainOf, openTags, text, textOfId } from './html';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

/** The UTC instant zonedInstant chose, as an ISO string in UTC. */
const utc = (date: string, time: string, zone: string) => {
  const result = zonedInstant(date, time, zone);
  if (!result.ok) throw new Error(`${date} ${time} ${zone}: ${result.reason}`);
  return new Date(result.instant).toISOString();
};

describe('zonedInstant: a date and time of day in a zone → the instant', () => {
  it('writes the instant with the zone’s offset on that day', () => {
    expect(zonedInstant('2026-12-01', '18:00', NY)).toEqual({ ok: true, instant: '2026-12-01T18:00:00-05:00', offsetMinutes: -300, ambiguous: false });
    expect(zonedInstant('2026-07-01', '18:00', NY)).toEqual({ ok: true, instant: '2026-07-01T18:00:00-04:00', offsetMinutes: -240, ambiguous: false });
    expect(zonedInstant('2026-12-01', '18:00', BERLIN)).toMatchObject({ instant: '2026-12-01T18:00:00+01:00' });
    expect(zonedInstant('2026-07-01', '18:00', BERLIN)).toMatchObject({ instant: '2026-07-01T18:00:00+02:00' });
    expect(zonedInstant('2026-12-01', '18:00', 'Asia/Kathmandu')).toMatchObject({ instant: '2026-12-01T18:00:00+05:45' });
    expect(zonedInstant('2026-12-01', '18:00', 'America/St_Johns')).toMatchObject({ instant: '2026-12-01T18:00:00-03:30' });
    expect(zonedInstant('2026-12-01', '18:00', 'UTC')).toMatchObject({ instant: '2026-12-01T18:00:00+00:00' });
    // The instants are what they say, and the model's schema takes them.
    expect(utc('2026-12-01', '18:00', NY)).toBe('2026-12-01T23:00:00.000Z');
    expect(utc('2026-07-01', '18:00', BERLIN)).toBe('2026-07-01T16:00:00.000Z');
  });

  it('crosses the date line: a late evening in New York is the next day in UTC', () => {
    expect(utc('2026-12-31', '21:30', NY)).toBe('2027-01-01T02:30:00.000Z');
    expect(utc('2026-01-01', '00:30', BERLIN)).toBe('2025-12-31T23:30:00.000Z');
  });

  describe('America/New_York', () => {
    it('spring forward (2026-03-08): 2:00–2:59 AM does not exist; either side is one minute apart', () => {
      expect(utc('2026-03-08', '01:59', NY)).toBe('2026-03-08T06:59:00.000Z');
      for (const time of ['02:00', '02:01', '02:30', '02:59']) expect(zonedInstant('2026-03-08', time, NY)).toEqual({ ok: false, reason: 'skipped' });
      expect(zonedInstant('2026-03-08', '03:00', NY)).toEqual({ ok: true, instant: '2026-03-08T03:00:00-04:00', offsetMinutes: -240, ambiguous: false });
      expect(utc('2026-03-08', '03:00', NY)).toBe('2026-03-08T07:00:00.000Z');
      // The same wall-clock time a day earlier or later is ordinary.
      expect(utc('2026-03-07', '02:30', NY)).toBe('2026-03-07T07:30:00.000Z');
      expect(utc('2026-03-09', '02:30', NY)).toBe('2026-03-09T06:30:00.000Z');
    });

    it('fall back (2026-11-01): 1:00–1:59 AM happens twice; the earlier (daylight time) is taken and flagged', () => {
      expect(zonedInstant('2026-11-01', '00:59', NY)).toEqual({ ok: true, instant: '2026-11-01T00:59:00-04:00', offsetMinutes: -240, ambiguous: false });
      expect(zonedInstant('2026-11-01', '01:00', NY)).toEqual({ ok: true, instant: '2026-11-01T01:00:00-04:00', offsetMinutes: -240, ambiguous: true });
      expect(zonedInstant('2026-11-01', '01:30', NY)).toEqual({ ok: true, instant: '2026-11-01T01:30:00-04:00', offsetMinutes: -240, ambiguous: true });
      expect(utc('2026-11-01', '01:59', NY)).toBe('2026-11-01T05:59:00.000Z');
      expect(zonedInstant('2026-11-01', '02:00', NY)).toEqual({ ok: true, instant: '2026-11-01T02:00:00-05:00', offsetMinutes: -300, ambiguous: false });
      expect(utc('2026-11-01', '02:00', NY)).toBe('2026-11-01T07:00:00.000Z');
    });
  });

  describe('Europe/Berlin', () => {
    it('spring forward (2026-03-29): 2:00–2:59 does not exist', () => {
      expect(utc('2026-03-29', '01:59', BERLIN)).toBe('2026-03-29T00:59:00.000Z');
      for (const time of ['02:00', '02:30', '02:59']) expect(zonedInstant('2026-03-29', time, BERLIN)).toEqual({ ok: false, reason: 'skipped' });
      expect(zonedInstant('2026-03-29', '03:00', BERLIN)).toMatchObject({ ok: true, instant: '2026-03-29T03:00:00+02:00', ambiguous: false });
      expect(utc('2026-03-29', '03:00', BERLIN)).toBe('2026-03-29T01:00:00.000Z');
    });

    it('fall back (2026-10-25): 2:00–2:59 happens twice; the earlier (summer time) is taken and flagged', () => {
      expect(zonedInstant('2026-10-25', '01:59', BERLIN)).toMatchObject({ instant: '2026-10-25T01:59:00+02:00', ambiguous: false });
      expect(zonedInstant('2026-10-25', '02:00', BERLIN)).toEqual({ ok: true, instant: '2026-10-25T02:00:00+02:00', offsetMinutes: 120, ambiguous: true });
      expect(zonedInstant('2026-10-25', '02:30', BERLIN)).toEqual({ ok: true, instant: '2026-10-25T02:30:00+02:00', offsetMinutes: 120, ambiguous: true });
      expect(utc('2026-10-25', '02:30', BERLIN)).toBe('2026-10-25T00:30:00.000Z');
      expect(zonedInstant('2026-10-25', '03:00', BERLIN)).toEqual({ ok: true, instant: '2026-10-25T03:00:00+01:00', offsetMinutes: 60, ambiguous: false });
      expect(utc('2026-10-25', '03:00', BERLIN)).toBe('2026-10-25T02:00:00.000Z');
    });
  });

  it('handles the southern hemisphere and half-hour DST (Sydney, Lord Howe)', () => {
    expect(zonedInstant('2026-10-04', '02:30', 'Australia/Sydney')).toEqual({ ok: false, reason: 'skipped' });
    expect(zonedInstant('2026-04-05', '02:30', 'Australia/Sydney')).toMatchObject({ instant: '2026-04-05T02:30:00+11:00', ambiguous: true });
    expect(zonedInstant('2026-10-04', '02:15', 'Australia/Lord_Howe')).toEqual({ ok: false, reason: 'skipped' });
    expect(zonedInstant('2026-10-04', '02:30', 'Australia/Lord_Howe')).toMatchObject({ instant: '2026-10-04T02:30:00+11:00', ambiguous: false });
  });

  it('refuses what is not a date, a time or a zone', () => {
    expect(zonedInstant('2026-02-30', '18:00', NY)).toEqual({ ok: false, reason: 'invalid-date' });
    expect(zonedInstant('2026-13-01', '18:00', NY)).toEqual({ ok: false, reason: 'invalid-date' });
    expect(zonedInstant('12/01/2026', '18:00', NY)).toEqual({ ok: false, reason: 'invalid-date' });
    expect(zonedInstant('', '18:00', NY)).toEqual({ ok: false, reason: 'invalid-date' });
    expect(zonedInstant('2026-12-01', '24:00', NY)).toEqual({ ok: false, reason: 'invalid-time' });
    expect(zonedInstant('2026-12-01', '18:60', NY)).toEqual({ ok: false, reason: 'invalid-time' });
    expect(zonedInstant('2026-12-01', '', NY)).toEqual({ ok: false, reason: 'invalid-time' });
    expect(zonedInstant('2026-12-01', '18:00', 'Mars/Olympus_Mons')).toEqual({ ok: false, reason: 'invalid-zone' });
    expect(zonedInstant('2026-12-01', '18:00', '')).toEqual({ ok: false, reason: 'invalid-zone' });
    expect(zonedInstant('2028-02-29', '18:00', NY)).toMatchObject({ ok: true }); // a leap day is a real date
  });

  it('reads times as browsers send them and as people type them', () => {
    expect(parseTime('18:30')).toEqual({ hour: 18, minute: 30, second: 0 });
    expect(parseTime('18:30:15')).toEqual({ hour: 18, minute: 30, second: 15 });
    expect(parseTime('6:30 pm')).toEqual({ hour: 18, minute: 30, second: 0 });
    expect(parseTime('6 PM')).toEqual({ hour: 18, minute: 0, second: 0 });
    expect(parseTime('12 am')).toEqual({ hour: 0, minute: 0, second: 0 });
    expect(parseTime('12:15 p.m.')).toEqual({ hour: 12, minute: 15, second: 0 });
    for (const bad of ['6', '13 pm', '0 am', '24:00', '7:5', 'noon', '']) expect(parseTime(bad), bad).toBeUndefined();
  });

  it('is the inverse of wallClock across every quarter hour of the 2026 DST days (New York, Berlin)', () => {
    const days: [string, string][] = [
      ['2026-03-08', NY],
      ['2026-11-01', NY],
      ['2026-03-29', BERLIN],
      ['2026-10-25', BERLIN],
    ];
    for (const [day, zone] of days) {
      const from = Date.parse(`${day}T00:00:00Z`) - 12 * 3600_000;
      for (let t = from; t < from + 48 * 3600_000; t += 15 * 60_000) {
        const shown = wallClock(new Date(t), zone);
        const back = zonedInstant(shown.date, shown.time, zone);
        expect(back.ok, `${new Date(t).toISOString()} ${zone}`).toBe(true);
        if (!back.ok) continue;
        expect(wallClock(back.instant, zone)).toEqual(shown);
        // Only a time that happens twice may come back as the other (earlier) instant, one hour before.
        if (Date.parse(back.instant) !== t) {
          expect(back.ambiguous).toBe(true);
          expect(t - Date.parse(back.instant)).toBe(3600_000);
        }
      }
    }
  });

  it('finds, for any minute in any of these zones, an instant showing that wall-clock time (property)', () => {
    const zones = [NY, BERLIN, 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2060, 0, 1) / 60_000 }), fc.constantFrom(...zones), (minute, zone) => {
        const t = minute * 60_000;
        const shown = wallClock(new Date(t), zone);
        const back = zonedInstant(shown.date, shown.time, zone);
        if (!back.ok) return false;
        return JSON.stringify(wallClock(back.instant, zone)) === JSON.stringify(shown) && (Date.parse(back.instant) === t || back.ambiguous);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('wallClock', () => {
  it('shows an instant as the date and time a form shows in the zone', () => {
    expect(wallClock('2026-12-01T23:00:00Z', NY)).toEqual({ date: '2026-12-01', time: '18:00' });
    expect(wallClock('2026-12-01T23:00:00Z', BERLIN)).toEqual({ date: '2026-12-02', time: '00:00' });
    expect(wallClock('2026-11-01T06:30:00Z', NY)).toEqual({ date: '2026-11-01', time: '01:30' }); // the second 1:30
  });
});

describe('usualTimeZone', () => {
  it('is America/New_York without workshops, else the zone used most (ties: the newest)', () => {
    expect(usualTimeZone([])).toBe('America/New_York');
    expect(usualTimeZone([{ timezone: BERLIN, createdAt: '2026-01-01' }])).toBe(BERLIN);
    expect(
      usualTimeZone([
        { timezone: BERLIN, createdAt: '2026-01-01' },
        { timezone: 'America/Chicago', createdAt: '2026-01-02' },
        { timezone: 'America/Chicago', createdAt: '2026-01-03' },
      ]),
    ).toBe('America/Chicago');
    expect(
      usualTimeZone([
        { timezone: BERLIN, createdAt: '2026-01-05' },
        { timezone: 'America/Chicago', createdAt: '2026-01-02' },
      ]),
    ).toBe(BERLIN);
    expect(usualTimeZone([{ timezone: 'Not/AZone', createdAt: '2026-01-01' }])).toBe('America/New_York');
  });

  it('offers every zone the runtime knows, New York and Berlin among them', () => {
    const zones = supportedTimeZones();
    expect(zones.length).toBeGreaterThan(300);
    expect(zones).toEqual(expect.arrayContaining([NY, BERLIN, 'UTC']));
  });
});

describe('reading the form into the JSON API’s schemas', () => {
  it('turns a filled form into a NewWorkshop with instants in the workshop’s zone', () => {
    const reading = readNewWorkshop(filled());
    expect(reading).toEqual({
      ok: true,
      value: {
        title: 'Grief circle',
        description: 'A gentle evening.',
        facilitator: 'Sam',
        startsAt: '2030-01-15T18:00:00-05:00',
        endsAt: '2030-01-15T19:30:00-05:00',
        timezone: NY,
        capacity: 12,
        waitlist: true,
        discreet: false,
        onlineUrl: 'https://meet.example.org/room',
        reminderOffsetsMinutes: [1440, 60],
      },
    });
    expect(NewWorkshop.safeParse(reading.ok && reading.value).success).toBe(true);
    const summer = readNewWorkshop(filled({ date: '2030-07-15', timezone: BERLIN, waitlist: undefined, location: 'Room 3' }));
    expect(summer).toMatchObject({ ok: true, value: { startsAt: '2030-07-15T18:00:00+02:00', waitlist: false, location: 'Room 3' } });
  });

  it('reads an end time before the start as the next day, up to 12 hours; otherwise it is an error on the end time', () => {
    expect(readNewWorkshop(filled({ startTime: '22:00', endTime: '01:00' }))).toMatchObject({
      ok: true,
      value: { startsAt: '2030-01-15T22:00:00-05:00', endsAt: '2030-01-16T01:00:00-05:00' },
    });
    expect(readNewWorkshop(filled({ startTime: '18:00', endTime: '17:30' }))).toEqual({ ok: false, errors: { endTime: 'Must be after the start time' } });
    expect(readNewWorkshop(filled({ startTime: '18:00', endTime: '18:00' }))).toEqual({ ok: false, errors: { endTime: 'Must be after the start time' } });
  });

  it('puts every problem on the field it belongs to, by the form’s names, once', () => {
    const reading = readNewWorkshop({ title: '  ', date: '', startTime: '', endTime: 'soon', timezone: NY, capacity: 'twelve', location: '', onlineUrl: 'meet.example.org' });
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.errors).toEqual({
      title: 'Enter a title',
      date: 'Enter the date',
      startTime: 'Enter the start time',
      endTime: 'Enter a time, for example 20:00 or 8:00 PM',
      capacity: 'Enter a whole number, for example 12',
      onlineUrl: 'Must be a web address starting with https://',
    });
    const names = new Set<string>(workshopFormFields.map((field) => field.name));
    for (const name of Object.keys(reading.errors)) expect(names.has(name), name).toBe(true);
  });

  it('explains a time the clocks skip, next to the start time', () => {
    const reading = readNewWorkshop(filled({ date: '2030-03-10', startTime: '02:30', endTime: '04:00' }));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(Object.keys(reading.errors)).toEqual(['startTime']);
    expect(reading.errors.startTime).toMatch(/March 10, 2030.*jump forward.*2:30 AM/);
  });

  it('uses the schema’s rules and messages: capacity, place, text', () => {
    expect(readNewWorkshop(filled({ capacity: '0' }))).toEqual({ ok: false, errors: { capacity: 'At least 1' } });
    expect(readNewWorkshop(filled({ capacity: '10001' }))).toEqual({ ok: false, errors: { capacity: 'At most 10000' } });
    expect(readNewWorkshop(filled({ capacity: '2.5' }))).toEqual({ ok: false, errors: { capacity: 'Enter a whole number, for example 12' } });
    expect(readNewWorkshop(filled({ capacity: '' }))).toEqual({ ok: false, errors: { capacity: 'Enter how many people can take part' } });
    expect(readNewWorkshop(filled({ onlineUrl: '', location: ' ' }))).toEqual({ ok: false, errors: { location: 'Give a location or an online link' } });
    expect(readNewWorkshop(filled({ title: 'A <b>bold</b> title' }))).toEqual({ ok: false, errors: { title: 'Must not contain < or >' } });
    expect(readNewWorkshop(filled({ timezone: 'Mars/Olympus_Mons' }))).toEqual({
      ok: false,
      errors: { timezone: 'Must be an IANA time zone such as America/New_York' },
    });
  });

  it('names domain errors by the form’s fields', () => {
    expect(formErrors({ startsAt: 'Must be in the future', endsAt: 'Must be after the start', capacity: '3 people already have a place' })).toEqual({
      startTime: 'Must be in the future',
      endTime: 'Must be after the start',
      capacity: '3 people already have a place',
    });
    expect(formErrors(undefined)).toEqual({});
  });
});

const existing = (overrides: Partial<Workshop> = {}): Workshop => ({
  id: 'wk_1',
  title: 'Grief circle',
  description: 'A gentle evening.',
  startsAt: '2030-01-15T23:00:00.000Z',
  endsAt: '2030-01-16T00:30:00.000Z',
  timezone: NY,
  capacity: 12,
  waitlist: true,
  discreet: false,
  onlineUrl: 'https://meet.example.org/room',
  facilitator: 'Sam',
  status: 'published',
  confirmedCount: 3,
  waitlistCount: 0,
  sequence: 0,
  reminderOffsetsMinutes: [1440, 60],
  createdAt: '2029-12-01T00:00:00.000Z',
  updatedAt: '2029-12-01T00:00:00.000Z',
  ...overrides,
});

describe('reading the edit form into WorkshopChanges', () => {
  it('shows the workshop’s times in its own zone and finds no changes in an untouched form', () => {
    const values = workshopFormValues(existing());
    expect(values).toMatchObject({ date: '2030-01-15', startTime: '18:00', endTime: '19:30', timezone: NY, capacity: '12', waitlist: 'true' });
    expect(readWorkshopChanges(values, existing())).toEqual({ ok: true, value: undefined });
  });

  it('sends only what changed; an emptied optional field is removed (null)', () => {
    const current = existing();
    expect(readWorkshopChanges({ ...workshopFormValues(current), capacity: '20' }, current)).toEqual({ ok: true, value: { capacity: 20 } });
    expect(readWorkshopChanges({ ...workshopFormValues(current), facilitator: '', location: 'Room 3' }, current)).toEqual({
      ok: true,
      value: { facilitator: null, location: 'Room 3' },
    });
    expect(readWorkshopChanges({ ...workshopFormValues(current), startTime: '19:00', endTime: '20:30' }, current)).toEqual({
      ok: true,
      value: { startsAt: '2030-01-15T19:00:00-05:00', endsAt: '2030-01-15T20:30:00-05:00' },
    });
  });

  it('keeps the instant of a time that happens twice when the time is not touched', () => {
    // 1:30 AM Eastern Standard Time, the second 1:30 of 2026-11-01.
    const current = existing({ startsAt: '2026-11-01T06:30:00.000Z', endsAt: '2026-11-01T08:00:00.000Z' });
    const values = workshopFormValues(current);
    expect(values).toMatchObject({ date: '2026-11-01', startTime: '01:30', endTime: '03:00' });
    expect(readWorkshopChanges({ ...values, title: 'Renamed' }, current)).toEqual({ ok: true, value: { title: 'Renamed' } });
  });

  it('leaves the times of a workshop spanning days (made through the API) alone when they are not touched', () => {
    const current = existing({ startsAt: '2030-01-15T14:00:00.000Z', endsAt: '2030-01-17T22:00:00.000Z' });
    const values = workshopFormValues(current);
    expect(values).toMatchObject({ date: '2030-01-15', startTime: '09:00', endTime: '17:00' });
    expect(readWorkshopChanges({ ...values, capacity: '30' }, current)).toEqual({ ok: true, value: { capacity: 30 } });
  });

  it('refuses bad input with the same messages as a new workshop', () => {
    const current = existing();
    expect(readWorkshopChanges({ ...workshopFormValues(current), capacity: '0', title: '' }, current)).toEqual({
      ok: false,
      errors: { title: 'Enter a title', capacity: 'At least 1' },
    });
  });
});

const organizer = { email: 'sam@example.org', role: 'organizer' as const };
const csrf = 'csrf-token-xyz';

describe('the workshop form page', () => {
  it('shows each error right above its input, linked by aria-describedby, keeps the typed values, and answers 400', () => {
    const values = filled({ title: 'Circle "for" <you>', description: 'Line one\nLine two', capacity: 'lots', date: '2030-03-10', startTime: '02:30', timezone: NY });
    const reading = readNewWorkshop(values);
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    const page = workshopFormPage({ organizer, csrfToken: csrf, values, errors: reading.errors });
    expect(page.statusCode).toBe(400);
    const html = page.body!;
    expect(html).toMatch(/<title>Error: New workshop/);
    expect(Object.keys(reading.errors).sort()).toEqual(['capacity', 'startTime', 'title']);
    for (const name of ['title', 'startTime', 'capacity']) {
      const error = byId(html, `${name}-error`);
      const input = byId(html, name);
      expect(textOfId(html, `${name}-error`)).toBe(`Error: ${reading.errors[name]}`);
      expect(error.index).toBeLessThan(input.index);
      // Nothing but the error lies between the field's label and its input.
      const label = html.lastIndexOf(`<label for="${name}">`, input.index);
      expect(label).toBeGreaterThan(-1);
      expect(label).toBeLessThan(error.index);
      expect(input.attrs['aria-invalid']).toBe('true');
      expect(input.attrs['aria-describedby']!.split(' ')).toContain(`${name}-error`);
    }
    // The summary links to the fields in page order.
    const main = mainOf(html);
    const summary = main.slice(0, main.indexOf('<h1'));
    expect(openTags(summary, 'a').map((a) => attributes(a).href)).toEqual(['#title', '#startTime', '#capacity']);
    // Typed values come back, escaped.
    expect(byId(html, 'title').attrs.value).toBe('Circle &quot;for&quot; &lt;you>');
    expect(html).toContain('>Line one\nLine two</textarea>');
    expect(byId(html, 'capacity').attrs.value).toBe('lots');
    expect(byId(html, 'date').attrs).toMatchObject({ type: 'date', value: '2030-03-10' });
    expect(byId(html, 'startTime').attrs).toMatchObject({ type: 'time', value: '02:30' });
    expect(byId(html, 'onlineUrl').attrs.value).toBe('https://meet.example.org/room');
    expect('checked' in byId(html, 'waitlist').attrs).toBe(true);
    const selected = openTags(html, 'option').filter((option) => 'selected' in attributes(option));
    // The time zone, and the three reminder slots (not on the typed form: "No reminder").
    expect(selected.map((option) => attributes(option).value)).toEqual([NY, '', '', '']);
    // Fields without errors are not marked.
    expect(byId(html, 'endTime').attrs['aria-invalid']).toBeUndefined();
    expect(html).not.toContain('id="endTime-error"');
  });

  it('carries the CSRF token in its form and labels every field', () => {
    const html = workshopFormPage({ organizer, csrfToken: csrf, values: { timezone: BERLIN } }).body!;
    const main = mainOf(html);
    const forms = main.match(/<form\b[\s\S]*?<\/form>/g) ?? [];
    expect(forms).toHaveLength(1);
    expect(attributes(openTags(forms[0]!, 'form')[0]!)).toEqual({ method: 'post', action: '/console/workshops' });
    expect(openTags(forms[0]!, 'input').map(attributes)).toContainEqual({ type: 'hidden', name: 'csrf', value: csrf });
    const fields = [...openTags(main, 'input'), ...openTags(main, 'textarea'), ...openTags(main, 'select')].map(attributes).filter((a) => a.type !== 'hidden');
    expect(fields.map((a) => a.id).sort()).toEqual(workshopFormFields.map((f) => f.name).sort());
    for (const field of fields) expect(main, field.id).toContain(`<label for="${field.id}">`);
    expect(openTags(main, 'select').map(attributes)[0]).toMatchObject({ id: 'timezone', name: 'timezone' });
    expect(openTags(main, 'option').filter((option) => attributes(option).value === BERLIN && 'selected' in attributes(option))).toHaveLength(1);
    expect(openTags(main, 'option').length).toBeGreaterThan(300);
    expect(text(main)).toContain('Save as draft');
  });

  it('edits an existing workshop: posts to its page, shows its values and the capacity floor', () => {
    const workshop = existing({ timezone: BERLIN, startsAt: '2030-07-15T16:00:00Z', endsAt: '2030-07-15T17:30:00Z', confirmedCount: 3 });
    const html = workshopFormPage({ organizer, csrfToken: csrf, workshop }).body!;
    const form = (mainOf(html).match(/<form\b[\s\S]*?<\/form>/g) ?? [])[0]!;
    expect(attributes(openTags(form, 'form')[0]!).action).toBe('/console/workshops/wk_1');
    expect(form).toContain(`name="csrf" value="${csrf}"`);
    expect(byId(html, 'date').attrs.value).toBe('2030-07-15');
    expect(byId(html, 'startTime').attrs.value).toBe('18:00');
    expect(byId(html, 'endTime').attrs.value).toBe('19:30');
    expect(byId(html, 'capacity').attrs.min).toBe('3');
    expect(textOfId(html, 'capacity-hint')).toContain('3 people already have a place');
    expect(text(mainOf(html))).toMatch(/everyone registered gets an email/i);
  });

  it('offers no form for a cancelled workshop', () => {
    const html = workshopFormPage({ organizer, csrfToken: csrf, workshop: existing({ status: 'cancelled' }) }).body!;
    expect(mainOf(html)).not.toContain('<form');
    expect(text(mainOf(html))).toContain('cancelled');
  });
});

describe('the workshop detail page', () => {
  const forms = (html: string) => mainOf(html).match(/<form\b[\s\S]*?<\/form>/g) ?? [];
  const actions = (html: string) => forms(html).map((form) => attributes(openTags(form, 'form')[0]!).action);

  it('shows a draft with every detail and offers publish and cancel, each form with the CSRF token', () => {
    const workshop = existing({ status: 'draft', location: '12 Elm Street, Room 3', confirmedCount: 0 });
    const html = workshopDetailPage({ organizer, csrfToken: csrf, workshop }).body!;
    const main = text(mainOf(html));
    expect(main).toContain('Tuesday, January 15, 2030, 6:00 – 7:30 PM Eastern Standard Time');
    expect(main).toContain('12 Elm Street, Room 3');
    expect(main).toContain('https://meet.example.org/room');
    expect(main).toContain('0 of 12 places taken');
    expect(main).toContain('Draft');
    expect(main).toContain('Reminders 24 hours and 1 hour before the start, to confirmed registrants');
    expect(actions(html)).toEqual(['/console/workshops/wk_1/publish', '/console/workshops/wk_1/cancel', '/console/workshops/wk_1/organizers']);
    for (const form of forms(html)) expect(openTags(form, 'input').map(attributes)).toContainEqual({ type: 'hidden', name: 'csrf', value: csrf });
    const links = openTags(mainOf(html), 'a').map((a) => attributes(a).href);
    expect(links).toEqual(expect.arrayContaining(['/console/workshops/wk_1/edit', '/console/workshops/wk_1/roster', '/console/workshops/wk_1/message']));
  });

  it('a published workshop: no publish form; the cancel form warns who gets an email', () => {
    const workshop = existing({ confirmedCount: 12, waitlistCount: 2 });
    const html = workshopDetailPage({ organizer, csrfToken: csrf, workshop }).body!;
    expect(actions(html)).toEqual(['/console/workshops/wk_1/cancel', '/console/workshops/wk_1/organizers']);
    expect(text(mainOf(html))).toContain('12 of 12 places taken');
    expect(text(mainOf(html))).toContain('2 on the waitlist');
    expect(text(mainOf(workshopDetailPage({ organizer, csrfToken: csrf, workshop: existing({ reminderOffsetsMinutes: [] }) }).body!))).toContain('Reminders None');
    expect(text(mainOf(workshopDetailPage({ organizer, csrfToken: csrf, workshop: existing({ reminderOffsetsMinutes: [10080, 180, 15] }) }).body!))).toContain(
      'Reminders 7 days, 3 hours and 15 minutes before the start',
    );
    expect(textOfId(html, 'cancel-warning')).toContain('Everyone registered gets an email saying the workshop is cancelled: 12 people with a place and 2 people on the waitlist.');
    expect(byId(html, 'message').tag).toMatch(/^<textarea/);
    expect(html).toContain('<label for="message">Message to registrants (optional)</label>');
    expect(cancelAudience({ confirmedCount: 0, waitlistCount: 0 })).toMatch(/no emails/);
  });

  it('a cancelled workshop: no forms but its organizers’, no edit link, the message that was sent', () => {
    const workshop = existing({ status: 'cancelled', cancellationMessage: 'Sorry, the room flooded.' });
    const html = workshopDetailPage({ organizer, csrfToken: csrf, workshop }).body!;
    expect(actions(html)).toEqual(['/console/workshops/wk_1/organizers']);
    expect(openTags(mainOf(html), 'a').map((a) => attributes(a).href)).not.toContain('/console/workshops/wk_1/edit');
    expect(text(mainOf(html))).toContain('Sorry, the room flooded.');
  });

  it('lists its organizers with a remove button each and an add form; to other organizers: that it exists and its counts, no place, link or forms', () => {
    const organizers = [
      { id: 'org-1', label: 'sam@example.org' },
      { id: 'api-key:k1', label: 'API key “Website sync”' },
    ];
    const workshop = existing({ confirmedCount: 4, location: '12 Elm Street, Room 3' });
    const theirs = workshopDetailPage({ organizer, csrfToken: csrf, workshop, organizes: true, organizers }).body!;
    expect(text(mainOf(theirs))).toContain('Organizers of this workshop');
    const removes = forms(theirs).filter((form) => attributes(openTags(form, 'form')[0]!).action === '/console/workshops/wk_1/organizers/remove');
    expect(removes.map((form) => openTags(form, 'input').map(attributes).find((input) => input.name === 'who')?.value)).toEqual(['org-1', 'api-key:k1']);
    expect(byId(theirs, 'organizerEmail').attrs).toMatchObject({ type: 'email', name: 'organizerEmail' });

    const others = workshopDetailPage({ organizer, csrfToken: csrf, workshop: { ...workshop, location: undefined, onlineUrl: undefined }, organizes: false, organizers }).body!;
    const main = text(mainOf(others));
    expect(main).toContain('4 of 12 places taken');
    expect(main).toContain('You are not one of this workshop’s organizers');
    expect(main).toContain('sam@example.org');
    expect(main).not.toContain('Address or place');
    expect(main).not.toContain('Online link');
    expect(forms(others)).toEqual([]);
    const links = openTags(mainOf(others), 'a').map((a) => attributes(a).href);
    for (const path of ['/edit', '/roster', '/message', '/survey']) expect(links).not.toContain(`/console/workshops/wk_1${path}`);
  });

  it('shows a cancel-message error next to the field, with the typed text, and says what just happened', () => {
    const html = workshopDetailPage({ organizer, csrfToken: csrf, workshop: existing(), errors: { message: 'At most 2000 characters' }, values: { message: 'x'.repeat(10) } });
    expect(html.statusCode).toBe(400);
    expect(textOfId(html.body!, 'message-error')).toBe('Error: At most 2000 characters');
    expect(html.body).toContain(`>${'x'.repeat(10)}</textarea>`);
    expect(html.body).toMatch(/<details open/);
    const done = workshopDetailPage({ organizer, csrfToken: csrf, workshop: existing(), done: 'rescheduled' }).body!;
    expect(text(mainOf(done))).toMatch(/^Your changes are saved\. Everyone registered is getting an email/);
  });
});
