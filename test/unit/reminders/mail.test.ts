import { describe, expect, it } from 'vitest';
import { reminderMail, reminderWhen } from '../../../shared/reminders/mails/reminder';
import { remindable, reminderMailKey } from '../../../shared/reminders/reminders';
import { describeOffset, reminderDueAt } from '../../../shared/reminders/offsets';
import { formatDateTime } from '../../../shared/kernel/zoned-time';
import { zonedInstant } from '../../../shared/kernel/zoned-time';
import { hostileTitle, registration, renderEnvironment, workshop } from '../web/fixtures';
import { text } from '../web/html';

/**
 * The reminder mail and the instants reminders fall due, across daylight-saving changes: a session
 * at 10:00 local time shows 10:00 with the zone that is in force that day, and "24 hours before" is
 * 24 real hours (so on the day after a change it is 09:00 or 11:00 on the local clock).
 */
const cancelUrl = 'https://hearth.example.org/registrations/cancel?token=abc.def&x=1';
const calendarUrl = 'https://hearth.example.org/registrations/calendar?token=cal.sig';
const joinUrl = 'https://meet.example.org/room-secret-42';
const address = '12 Elm Street, Room 3';

renderEnvironment({ baseUrl: 'https://hearth.example.org' });

const preheader = (html: string) => /<div style="display:none[^"]*" aria-hidden="true">([^<]*)<\/div>/.exec(html)?.[1] ?? '';

/** A 90-minute session starting at `time` on `date`, on the wall clock of `zone`. */
const at = (date: string, time: string, zone: string) => {
  const start = zonedInstant(date, time, zone);
  if (!start.ok) throw new Error(`${date} ${time} does not exist in ${zone}`);
  const startsAt = new Date(start.instant).toISOString();
  return workshop({ startsAt, endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString(), timezone: zone, onlineUrl: joinUrl, location: address });
};

const mailFor = (w = workshop({ onlineUrl: joinUrl, location: address }), offsetMinutes = 1440) =>
  reminderMail({ workshop: w, registration: registration(), offsetMinutes, cancelUrl, calendarUrl });

describe('the reminder mail', () => {
  it('has a neutral subject and preview (no title, no topic) that say when it starts', () => {
    for (const [offset, words] of [
      [1440, '24 hours'],
      [60, '1 hour'],
      [15, '15 minutes'],
      [90, '1 hour 30 minutes'],
      [10080, '7 days'],
    ] as const) {
      const mail = mailFor(workshop({ title: 'Grief circle' }), offset);
      expect(mail.subject).toBe(`Reminder: your session starts in ${words}`);
      expect(mail.subject).not.toMatch(/grief|circle|workshop|support|mental|therapy/i);
      expect(preheader(mail.html).startsWith(`Your session starts in ${words}. The details are inside.`)).toBe(true);
      expect(mail.text.slice(0, 120)).not.toMatch(/grief|circle/i);
    }
  });

  it('shows the time with the zone’s name and id, the join link, the address, and both actions', () => {
    const mail = mailFor();
    const when = 'Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time (America/New_York)';
    for (const body of [mail.text, text(mail.html)]) {
      expect(body).toContain(when);
      expect(body).toContain('Workshop: Grief circle');
      expect(body).toContain(joinUrl);
      expect(body).toContain(address);
      expect(body).toContain('Facilitator: Sam');
      expect(body).toContain('Add to calendar');
      expect(body).toContain("I can't make it");
      expect(body).toContain('The link opens a page with a button. Nothing changes until you press it.');
      expect(body).toContain('your place goes to the next person on the waitlist');
    }
    expect(mail.text).toContain(`Add to calendar: ${calendarUrl}`);
    expect(mail.text).toContain(`I can't make it: ${cancelUrl}`);
    expect(mail.html).toContain(`<a href="${calendarUrl}" style="color:#0b57a4;text-decoration:underline;">Add to calendar</a>`);
    expect(mail.html).toContain(`<a href="${cancelUrl.replace('&', '&amp;')}" style="color:#0b57a4;text-decoration:underline;">I can't make it</a>`);
    expect(mail.text + mail.html).not.toContain('person@example.org');
    expect(mail.text + mail.html).not.toContain('Kim');
  });

  it('shows only what the session has: online only, or in person only', () => {
    const online = mailFor(workshop({ onlineUrl: joinUrl, location: undefined, facilitator: undefined }));
    expect(online.text).toContain(`Join online: ${joinUrl}`);
    expect(online.text).not.toMatch(/Where:|in person at:|Facilitator:/);
    const inPerson = mailFor(workshop({ onlineUrl: undefined, location: address }));
    expect(inPerson.text).toContain(`Where: ${address}`);
    expect(inPerson.text).not.toContain('Join online');
  });

  it('ends with the crisis resources, is one accessible HTML document, and escapes a hostile title', () => {
    const mail = mailFor(workshop({ title: hostileTitle }));
    expect(mail.text.trimEnd().endsWith('- Test Crisis Line: Call 000-TEST (https://crisis.example.org/help)')).toBe(true);
    expect(text(mail.html)).toMatch(/Need help now\? Peer support is not crisis care.*Test Crisis Line: Call 000-TEST$/);
    expect(mail.html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(mail.html).toContain(`<title>${mail.subject}</title>`);
    expect(mail.html.slice(mail.html.indexOf('role="article"')).match(/<h1\b/g)).toHaveLength(1);
    expect(mail.html).not.toContain('<script>alert(1)</script>');
    expect(mail.html).toContain('&lt;script>alert(1)&lt;/script>');
    for (const href of mail.html.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^https?:\/\//);
  });
});

describe('reminders across daylight-saving changes', () => {
  const cases = [
    {
      name: 'New York, the day clocks spring forward',
      session: ['2027-03-14', 'America/New_York'],
      startsAt: '2027-03-14T14:00:00.000Z',
      shown: 'Sunday, March 14, 2027, 10:00 – 11:30 AM Eastern Daylight Time (America/New_York)',
      day: ['2027-03-13T14:00:00.000Z', 'Saturday, March 13, 2027, 9:00 AM Eastern Standard Time'],
      hour: ['2027-03-14T13:00:00.000Z', 'Sunday, March 14, 2027, 9:00 AM Eastern Daylight Time'],
    },
    {
      name: 'New York, the day clocks fall back',
      session: ['2027-11-07', 'America/New_York'],
      startsAt: '2027-11-07T15:00:00.000Z',
      shown: 'Sunday, November 7, 2027, 10:00 – 11:30 AM Eastern Standard Time (America/New_York)',
      day: ['2027-11-06T15:00:00.000Z', 'Saturday, November 6, 2027, 11:00 AM Eastern Daylight Time'],
      hour: ['2027-11-07T14:00:00.000Z', 'Sunday, November 7, 2027, 9:00 AM Eastern Standard Time'],
    },
    {
      name: 'Berlin, the day clocks spring forward',
      session: ['2027-03-28', 'Europe/Berlin'],
      startsAt: '2027-03-28T08:00:00.000Z',
      shown: 'Sunday, March 28, 2027, 10:00 – 11:30 AM Central European Summer Time (Europe/Berlin)',
      day: ['2027-03-27T08:00:00.000Z', 'Saturday, March 27, 2027, 9:00 AM Central European Standard Time'],
      hour: ['2027-03-28T07:00:00.000Z', 'Sunday, March 28, 2027, 9:00 AM Central European Summer Time'],
    },
    {
      name: 'Berlin, the day clocks fall back',
      session: ['2027-10-31', 'Europe/Berlin'],
      startsAt: '2027-10-31T09:00:00.000Z',
      shown: 'Sunday, October 31, 2027, 10:00 – 11:30 AM Central European Standard Time (Europe/Berlin)',
      day: ['2027-10-30T09:00:00.000Z', 'Saturday, October 30, 2027, 11:00 AM Central European Summer Time'],
      hour: ['2027-10-31T08:00:00.000Z', 'Sunday, October 31, 2027, 9:00 AM Central European Standard Time'],
    },
  ];

  it.each(cases)('$name: the mail shows 10:00 in the zone in force that day', ({ session, startsAt, shown }) => {
    const w = at(session[0]!, '10:00', session[1]!);
    expect(w.startsAt).toBe(startsAt);
    expect(reminderWhen(w)).toBe(shown);
    for (const offset of [1440, 60]) {
      const mail = mailFor(w, offset);
      expect(mail.text).toContain(`When: ${shown}`);
      expect(text(mail.html)).toContain(shown);
    }
  });

  it.each(cases)('$name: 24 hours and 1 hour before are 24 and 1 real hours, whatever the local clock says', ({ session, startsAt, day, hour }) => {
    const zone = session[1]!;
    const dayBefore = reminderDueAt(startsAt, 1440);
    const hourBefore = reminderDueAt(startsAt, 60);
    expect(dayBefore.toISOString()).toBe(day[0]);
    expect(hourBefore.toISOString()).toBe(hour[0]);
    expect(formatDateTime(dayBefore, zone)).toBe(day[1]);
    expect(formatDateTime(hourBefore, zone)).toBe(hour[1]);
    expect(Date.parse(startsAt) - dayBefore.getTime()).toBe(24 * 3600_000);
  });
});

describe('who gets a reminder, and its ledger key', () => {
  const due = new Date('2027-03-13T14:00:00.000Z');

  it('goes to those confirmed at or before the reminder’s time, not to later ones, the waitlist or the cancelled', () => {
    expect(remindable(registration({ createdAt: '2027-03-01T00:00:00Z', confirmedAt: '2027-03-01T00:00:00Z' }), due)).toBe(true);
    expect(remindable(registration({ createdAt: '2027-03-13T14:00:00.000Z', confirmedAt: '2027-03-13T14:00:00.000Z' }), due)).toBe(true);
    expect(remindable(registration({ createdAt: '2027-03-13T14:00:00.001Z', confirmedAt: '2027-03-13T14:00:00.001Z' }), due)).toBe(false);
    // Registered early, promoted from the waitlist after the reminder's time: that reminder is stale.
    expect(remindable(registration({ createdAt: '2027-03-01T00:00:00Z', confirmedAt: '2027-03-13T15:00:00Z' }), due)).toBe(false);
    expect(remindable(registration({ createdAt: '2027-03-01T00:00:00Z', confirmedAt: undefined }), due)).toBe(true);
    expect(remindable(registration({ status: 'waitlisted', confirmedAt: undefined, createdAt: '2027-03-01T00:00:00Z' }), due)).toBe(false);
    expect(remindable(registration({ status: 'cancelled', createdAt: '2027-03-01T00:00:00Z' }), due)).toBe(false);
  });

  it('is one key per workshop, registrant, start and offset, whatever the delivery or the batch', () => {
    const reminder = { workshopId: 'wk_1', startsAt: '2027-03-14T10:00:00-04:00', offsetMinutes: 1440 };
    expect(reminderMailKey(reminder, 'rg_1')).toBe('reminder:wk_1:rg_1:2027-03-14T14:00:00.000Z:1440');
    expect(reminderMailKey({ ...reminder, startsAt: '2027-03-14T14:00:00Z' }, 'rg_1')).toBe(reminderMailKey(reminder, 'rg_1'));
    expect(reminderMailKey({ ...reminder, offsetMinutes: 60 }, 'rg_1')).not.toBe(reminderMailKey(reminder, 'rg_1'));
    expect(reminderMailKey({ ...reminder, startsAt: '2027-03-15T14:00:00Z' }, 'rg_1')).not.toBe(reminderMailKey(reminder, 'rg_1'));
    expect(reminderMailKey(reminder, 'rg_1')).not.toMatch(/@|example/);
  });

  it('describes offsets as people say them', () => {
    expect([15, 30, 60, 90, 120, 720, 1440, 2160, 2880, 4320, 10080, 2900].map(describeOffset)).toEqual([
      '15 minutes',
      '30 minutes',
      '1 hour',
      '1 hour 30 minutes',
      '2 hours',
      '12 hours',
      '24 hours',
      '36 hours',
      '2 days',
      '3 days',
      '7 days',
      '2 days 20 minutes',
    ]);
  });
});
