import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockTools } from '../support/clock';
import { api, calendarLinkIn, calendarOf, cancelLinkIn, cancelThroughLink, createApiKey, page } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Reminders through the local runtime, with the one clock moved by POST /dev/clock (which fires the
 * one-time schedules that fell due, each at its own instant, and answers once their deliveries are
 * done). The clock only moves forward, so the tests run in the order of their workshops' dates,
 * all in 2027, and each test uses workshops and addresses of its own.
 */
const HOUR = 3600_000;
const MINUTE = 60_000;

const DAY_BEFORE = 'Reminder: your session starts in 24 hours';
const HOUR_BEFORE = 'Reminder: your session starts in 1 hour';

const tools = (hearth: () => LocalHandle, key: () => string) => {
  const shared = clockTools(hearth, key);
  const reminders = async (email: string) => (await shared.mailsTo(email)).filter((mail) => mail.subject.startsWith('Reminder:')).map((mail) => mail.subject);
  return { ...shared, reminders };
};

const iso = (ms: number) => new Date(ms).toISOString();

describe('reminders', () => {
  let hearth: LocalHandle;
  let key: string;
  const { setClock, published, register, mailsTo, reminders } = tools(
    () => hearth,
    () => key,
  );

  beforeAll(async () => {
    hearth = await startLocal();
    key = await createApiKey(hearth);
  });

  afterAll(async () => {
    await hearth?.stop();
  });

  it('sends the default schedule, 24 hours and 1 hour before, to each confirmed registrant once and to the waitlist never', async () => {
    // 10:00 in New York, Sunday 10 January 2027 (EST).
    const workshop = await published('2027-01-10T15:00:00.000Z', { capacity: 2, timezone: 'America/New_York' });
    expect(workshop.reminderOffsetsMinutes).toEqual([1440, 60]);
    await register(workshop.id, 'default-a@example.org');
    await register(workshop.id, 'default-b@example.org');
    await register(workshop.id, 'default-c@example.org', 'waitlisted');
    await hearth.waitForIdle();

    await setClock('2027-01-09T14:59:00Z');
    expect(await reminders('default-a@example.org')).toEqual([]);
    await setClock('2027-01-09T15:01:00Z');
    for (const email of ['default-a@example.org', 'default-b@example.org']) expect(await reminders(email)).toEqual([DAY_BEFORE]);
    expect(await reminders('default-c@example.org')).toEqual([]);

    const [mail] = await mailsTo('default-a@example.org', DAY_BEFORE);
    for (const body of [mail!.body.text!, mail!.body.html!]) {
      expect(body).toContain('Sunday, January 10, 2027, 10:00 – 11:30 AM Eastern Standard Time (America/New_York)');
      expect(body).toContain('https://meet.example.org/secret-room');
      expect(body).toContain('Room 4, 12 Example Street');
      expect(body).toContain('Add to calendar');
      expect(body).toContain("I can't make it");
    }
    expect(mail!.subject).not.toMatch(/peer|circle/i);

    await setClock('2027-01-10T14:01:00Z');
    for (const email of ['default-a@example.org', 'default-b@example.org']) expect(await reminders(email)).toEqual([DAY_BEFORE, HOUR_BEFORE]);
    expect(await reminders('default-c@example.org')).toEqual([]);

    // After the start nothing more comes.
    await setClock('2027-01-10T17:00:00Z');
    expect(await reminders('default-a@example.org')).toHaveLength(2);
  });

  it('follows custom offsets set on create and changed by PATCH; none when there are none', async () => {
    const start = Date.parse('2027-02-10T18:00:00.000Z');
    const custom = await published(iso(start), { reminderOffsetsMinutes: [30, 2880] });
    expect(custom.reminderOffsetsMinutes).toEqual([2880, 30]);
    const patched = await published(iso(start));
    const none = await published(iso(start), { reminderOffsetsMinutes: [] });
    await register(custom.id, 'custom@example.org');
    await register(patched.id, 'patched@example.org');
    await register(none.id, 'none@example.org');
    const changed = await api(hearth, 'PATCH', `/api/organizer/workshops/${patched.id}`, { reminderOffsetsMinutes: [120] }, key);
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.workshop.reminderOffsetsMinutes).toEqual([120]);
    const refused = await api(hearth, 'PATCH', `/api/organizer/workshops/${patched.id}`, { reminderOffsetsMinutes: [60, 60, 5] }, key);
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields).toMatchObject({ 'reminderOffsetsMinutes.2': 'At least 15 minutes before the start' });
    await hearth.waitForIdle();

    await setClock(iso(start - 48 * HOUR + MINUTE));
    expect(await reminders('custom@example.org')).toEqual(['Reminder: your session starts in 2 days']);
    await setClock(iso(start - 2 * HOUR + MINUTE));
    expect(await reminders('patched@example.org')).toEqual(['Reminder: your session starts in 2 hours']);
    await setClock(iso(start - 30 * MINUTE + MINUTE));
    expect(await reminders('custom@example.org')).toEqual(['Reminder: your session starts in 2 days', 'Reminder: your session starts in 30 minutes']);
    expect(await reminders('patched@example.org')).toEqual(['Reminder: your session starts in 2 hours']);
    expect(await reminders('none@example.org')).toEqual([]);
  });

  it('moves reminders with a reschedule, and sends none for a cancelled workshop or a cancelled registration', async () => {
    const oldStart = Date.parse('2027-03-03T15:00:00.000Z');
    const newStart = Date.parse('2027-03-05T15:00:00.000Z');
    const moved = await published(iso(oldStart));
    const cancelled = await published(iso(oldStart));
    await register(moved.id, 'moved@example.org');
    await register(moved.id, 'left@example.org');
    await register(cancelled.id, 'cancelled-workshop@example.org');
    await hearth.waitForIdle();

    const reschedule = await api(hearth, 'PATCH', `/api/organizer/workshops/${moved.id}`, { startsAt: iso(newStart), endsAt: iso(newStart + 90 * MINUTE) }, key);
    expect(reschedule.status, reschedule.text).toBe(200);
    expect((await api(hearth, 'POST', `/api/organizer/workshops/${cancelled.id}/cancel`, {}, key)).status).toBe(200);
    const [confirmation] = await mailsTo('left@example.org', 'Your place is confirmed');
    expect((await cancelThroughLink(hearth, cancelLinkIn(confirmation!))).status).toBe(200);
    await hearth.waitForIdle();

    // The old times pass: nothing.
    await setClock(iso(oldStart - 24 * HOUR + MINUTE));
    await setClock(iso(oldStart - HOUR + MINUTE));
    expect(await reminders('moved@example.org')).toEqual([]);
    expect(await reminders('cancelled-workshop@example.org')).toEqual([]);

    // The new times: the reminders, with the new time.
    await setClock(iso(newStart - 24 * HOUR + MINUTE));
    expect(await reminders('moved@example.org')).toEqual([DAY_BEFORE]);
    const [mail] = await mailsTo('moved@example.org', DAY_BEFORE);
    expect(mail!.body.text).toContain('Friday, March 5, 2027, 10:00 – 11:30 AM Eastern Standard Time (America/New_York)');
    await setClock(iso(newStart - HOUR + MINUTE));
    expect(await reminders('moved@example.org')).toEqual([DAY_BEFORE, HOUR_BEFORE]);
    expect(await reminders('left@example.org')).toEqual([]);
    expect(await reminders('cancelled-workshop@example.org')).toEqual([]);
  });

  /** Moves the clock to just before and just after `due`: the reminder arrives then, not earlier. */
  const arrivesAt = async (email: string, subject: string, due: string) => {
    const count = (await mailsTo(email, subject)).length;
    await setClock(iso(Date.parse(due) - MINUTE));
    expect(await mailsTo(email, subject), `${subject} before ${due}`).toHaveLength(count);
    await setClock(iso(Date.parse(due) + MINUTE));
    const after = await mailsTo(email, subject);
    expect(after, `${subject} after ${due}`).toHaveLength(count + 1);
    return after[after.length - 1]!;
  };

  it('gets the instants and the local time right on the day New York springs forward (14 March 2027)', async () => {
    // 10:00 EDT = 14:00 UTC. 24 hours before is 14:00 UTC on 13 March, 09:00 EST on the local clock.
    const workshop = await published('2027-03-14T14:00:00.000Z', { timezone: 'America/New_York' });
    await register(workshop.id, 'ny-spring@example.org');
    await hearth.waitForIdle();
    const day = await arrivesAt('ny-spring@example.org', DAY_BEFORE, '2027-03-13T14:00:00Z');
    expect(day.body.text).toContain('Sunday, March 14, 2027, 10:00 – 11:30 AM Eastern Daylight Time (America/New_York)');
    const hour = await arrivesAt('ny-spring@example.org', HOUR_BEFORE, '2027-03-14T13:00:00Z');
    expect(hour.body.text).toContain('Sunday, March 14, 2027, 10:00 – 11:30 AM Eastern Daylight Time (America/New_York)');
  });

  it('gets the instants and the local time right on the day Berlin springs forward (28 March 2027)', async () => {
    // 10:00 CEST = 08:00 UTC. 24 hours before is 08:00 UTC on 27 March, 09:00 CET on the local clock.
    const workshop = await published('2027-03-28T08:00:00.000Z', { timezone: 'Europe/Berlin' });
    await register(workshop.id, 'berlin-spring@example.org');
    await hearth.waitForIdle();
    const day = await arrivesAt('berlin-spring@example.org', DAY_BEFORE, '2027-03-27T08:00:00Z');
    expect(day.body.text).toContain('Sunday, March 28, 2027, 10:00 – 11:30 AM Central European Summer Time (Europe/Berlin)');
    await arrivesAt('berlin-spring@example.org', HOUR_BEFORE, '2027-03-28T07:00:00Z');
  });

  it('does not send a reminder whose time had passed when someone registered; they get the later one', async () => {
    const start = Date.parse('2027-04-10T15:00:00.000Z');
    const workshop = await published(iso(start), { capacity: 5 });
    await register(workshop.id, 'early@example.org');
    await hearth.waitForIdle();
    await setClock(iso(start - 24 * HOUR + MINUTE));
    expect(await reminders('early@example.org')).toEqual([DAY_BEFORE]);

    await register(workshop.id, 'late@example.org');
    await hearth.waitForIdle();
    expect(await mailsTo('late@example.org', 'Your place is confirmed')).toHaveLength(1);
    await setClock(iso(start - HOUR + MINUTE));
    expect(await reminders('early@example.org')).toEqual([DAY_BEFORE, HOUR_BEFORE]);
    expect(await reminders('late@example.org')).toEqual([HOUR_BEFORE]);
  });

  it('"I can\'t make it" cancels and gives the place to the waitlist; "Add to calendar" answers the registration’s .ics', async () => {
    const start = Date.parse('2027-04-20T16:00:00.000Z');
    const workshop = await published(iso(start), { capacity: 1, timezone: 'America/Chicago' });
    const holderId = await register(workshop.id, 'holder@example.org');
    await register(workshop.id, 'next@example.org', 'waitlisted');
    await hearth.waitForIdle();
    await setClock(iso(start - 24 * HOUR + MINUTE));
    const [reminder] = await mailsTo('holder@example.org', DAY_BEFORE);
    expect(reminder!.body.text).toContain('Tuesday, April 20, 2027, 11:00 AM – 12:30 PM Central Daylight Time (America/Chicago)');

    // Add to calendar: the same entry (UID) as the confirmation's file, with the time and the place.
    const calendarLink = calendarLinkIn(reminder!);
    expect(calendarLink).not.toMatch(/holder|example\.org\/.*@/);
    const download = await fetch(`${hearth.baseUrl}${new URL(calendarLink).pathname}${new URL(calendarLink).search}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^text\/calendar; charset=utf-8/);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="invite.ics"');
    const ics = await download.text();
    const component = new ICAL.Component(ICAL.parse(ics));
    const event = component.getFirstSubcomponent('vevent')!;
    const [confirmation] = await mailsTo('holder@example.org', 'Your place is confirmed');
    expect(String(event.getFirstPropertyValue('uid'))).toBe(calendarOf(confirmation!)!.uid);
    expect(String(event.getFirstPropertyValue('uid'))).toBe(`${workshop.id}-${holderId}@hearth`);
    expect((event.getFirstPropertyValue('dtstart') as unknown as ICAL.Time).toJSDate().toISOString()).toBe(iso(start));
    expect((event.getFirstPropertyValue('dtend') as unknown as ICAL.Time).toJSDate().toISOString()).toBe(iso(start + 90 * MINUTE));
    expect(event.getFirstPropertyValue('location')).toBe('Room 4, 12 Example Street');
    expect(String(event.getFirstPropertyValue('summary'))).not.toMatch(/peer|circle/i);

    // A tampered link, and a cancel link on the calendar route, get the clear page.
    const tampered = await page(hearth, calendarLink.replace(/token=./, 'token=x'));
    expect(tampered.status).toBe(400);
    expect(tampered.html).toContain('This link does not work');
    expect(tampered.html).toContain('Need help now?');
    const cancelLink = cancelLinkIn(reminder!);
    const crossed = await page(hearth, cancelLink.replace('/registrations/cancel?', '/registrations/calendar?'));
    expect(crossed.status).toBe(400);

    // I can't make it: the page, the button, then the place goes to the waitlist at once.
    expect(cancelLink).toContain('/registrations/cancel?token=');
    const done = await cancelThroughLink(hearth, cancelLink);
    expect(done.status).toBe(200);
    expect(done.html).toContain('Your registration is cancelled');
    await hearth.waitForIdle();
    expect(await mailsTo('next@example.org', 'Your place is confirmed')).toHaveLength(1);

    // The calendar link of a cancelled registration answers a page, not a file.
    const after = await page(hearth, calendarLink);
    expect(after.status).toBe(410);
    expect(after.headers.get('content-type')).toMatch(/^text\/html/);
    expect(after.html).toContain('This registration is cancelled');
    expect(after.html).toContain('Need help now?');

    // The 1-hour reminder goes to the one who holds the place now, not to the one who left.
    await setClock(iso(start - HOUR + MINUTE));
    expect(await reminders('holder@example.org')).toEqual([DAY_BEFORE]);
    expect(await reminders('next@example.org')).toEqual([HOUR_BEFORE]);
  });

  it('gets the instants and the local time right on the day Berlin falls back (31 October 2027)', async () => {
    // 10:00 CET = 09:00 UTC. 24 hours before is 09:00 UTC on 30 October, 11:00 CEST on the local clock.
    const workshop = await published('2027-10-31T09:00:00.000Z', { timezone: 'Europe/Berlin' });
    await register(workshop.id, 'berlin-fall@example.org');
    await hearth.waitForIdle();
    const day = await arrivesAt('berlin-fall@example.org', DAY_BEFORE, '2027-10-30T09:00:00Z');
    expect(day.body.text).toContain('Sunday, October 31, 2027, 10:00 – 11:30 AM Central European Standard Time (Europe/Berlin)');
    await arrivesAt('berlin-fall@example.org', HOUR_BEFORE, '2027-10-31T08:00:00Z');
  });

  it('gets the instants and the local time right on the day New York falls back (7 November 2027)', async () => {
    // 10:00 EST = 15:00 UTC. 24 hours before is 15:00 UTC on 6 November, 11:00 EDT on the local clock.
    const workshop = await published('2027-11-07T15:00:00.000Z', { timezone: 'America/New_York' });
    await register(workshop.id, 'ny-fall@example.org');
    await hearth.waitForIdle();
    const day = await arrivesAt('ny-fall@example.org', DAY_BEFORE, '2027-11-06T15:00:00Z');
    expect(day.body.text).toContain('Sunday, November 7, 2027, 10:00 – 11:30 AM Eastern Standard Time (America/New_York)');
    const hour = await arrivesAt('ny-fall@example.org', HOUR_BEFORE, '2027-11-07T14:00:00Z');
    expect(hour.body.text).toContain('Sunday, November 7, 2027, 10:00 – 11:30 AM Eastern Standard Time (America/New_York)');
  });
});

describe('reminders with duplicate deliveries, failed attempts and refused DynamoDB calls (chaos)', () => {
  let hearth: LocalHandle;
  let key: string;
  const { setClock, published, register, reminders } = tools(
    () => hearth,
    () => key,
  );

  beforeAll(async () => {
    hearth = await startLocal({ chaosDuplicate: 0.5, chaosFailure: 0.3, chaosDynamodb: 0.1 });
    key = await createApiKey(hearth);
  });

  afterAll(async () => {
    await hearth?.stop();
  });

  it('delivers each reminder exactly once per confirmed person, over several batches, and none to the waitlist', async () => {
    const start = Date.parse('2027-05-12T17:00:00.000Z');
    const confirmed = Array.from({ length: 30 }, (_, i) => `chaos-${i}@example.org`);
    const waiting = ['chaos-wait-0@example.org', 'chaos-wait-1@example.org'];
    const workshop = await published(iso(start), { capacity: confirmed.length });
    for (const email of confirmed) await register(workshop.id, email);
    for (const email of waiting) await register(workshop.id, email, 'waitlisted');
    await hearth.waitForIdle();

    await setClock(iso(start - 24 * HOUR + MINUTE));
    await setClock(iso(start - HOUR + MINUTE));
    const mails = await hearth.mails();
    for (const email of confirmed) {
      const got = mails.filter((mail) => mail.destination.to.includes(email) && mail.subject.startsWith('Reminder:')).map((mail) => mail.subject);
      expect(got.sort(), email).toEqual([HOUR_BEFORE, DAY_BEFORE].sort());
    }
    for (const email of waiting) expect(await reminders(email)).toEqual([]);
    expect((await hearth.bus()).deadLetters).toEqual([]);
    expect(await hearth.dynamoRefusals()).toBeGreaterThan(0);
  });
});
