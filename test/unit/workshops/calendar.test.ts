import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  calendarAttachment,
  calendarContentType,
  calendarFile,
  calendarFileName,
  type CalendarInput,
} from '../../../shared/workshops/calendar';
import { registration, workshop } from '../web/fixtures';

const joinUrl = 'https://meet.example.org/room-secret-42';
const address = '12 Elm Street, Room 3; back door';

const parse = (ics: string) => {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevents = calendar.getAllSubcomponents('vevent');
  const vevent = vevents[0]!;
  return { calendar, vevents, vevent, event: new ICAL.Event(vevent) };
};

const input = (overrides: Partial<CalendarInput> = {}): CalendarInput => ({
  workshop: workshop({ onlineUrl: joinUrl, location: address, sequence: 0 }),
  registration: registration(),
  cancelled: false,
  ...overrides,
});

describe('calendar file', () => {
  it('is one VEVENT request with the UTC start and end of the workshop', () => {
    const { calendar, vevents, event, vevent } = parse(calendarFile(input({ stamp: new Date('2026-11-27T10:00:00Z') })));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(vevents).toHaveLength(1);
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date('2026-12-01T18:00:00-05:00').toISOString());
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-02T00:30:00.000Z');
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-11-27T10:00:00Z');
    expect(calendar.getAllSubcomponents('vtimezone')).toHaveLength(0);
  });

  it('keeps the same UID across sequences and carries the workshop SEQUENCE', () => {
    const first = parse(calendarFile(input())).event;
    const changed = parse(
      calendarFile(input({ workshop: workshop({ sequence: 3, startsAt: '2026-12-04T18:00:00-05:00', endsAt: '2026-12-04T19:00:00-05:00' }) })),
    ).event;
    expect(first.uid).toBe('wk_123-rg_456@hearth');
    expect(changed.uid).toBe(first.uid);
    expect(first.sequence).toBe(0);
    expect(changed.sequence).toBe(3);
    expect(changed.startDate.toJSDate().toISOString()).toBe('2026-12-04T23:00:00.000Z');
    const other = parse(calendarFile(input({ registration: registration({ id: 'rg_789' }) }))).event;
    expect(other.uid).not.toBe(first.uid);
  });

  it('has a neutral summary: no title or topic words, which others may see in a calendar', () => {
    const { event } = parse(calendarFile(input({ workshop: workshop({ title: 'Grief circle' }) })));
    expect(event.summary).toBe('Hearth session');
    expect(calendarFile(input())).not.toMatch(/grief|circle/i);
  });

  it('gives a confirmed registrant the location, URL and join link in the description', () => {
    const { vevent, event } = parse(calendarFile(input()));
    expect(event.location).toBe(address);
    expect(vevent.getFirstPropertyValue('url')).toBe(joinUrl);
    expect(event.description).toContain(joinUrl);
  });

  it('gives a waitlisted registrant no location or URL', () => {
    const { vevent } = parse(calendarFile(input({ registration: registration({ status: 'waitlisted' }) })));
    expect(vevent.hasProperty('location')).toBe(false);
    expect(vevent.hasProperty('url')).toBe(false);
    expect(calendarFile(input({ registration: registration({ status: 'waitlisted' }) }))).not.toContain('room-secret-42');
  });

  it('cancels with METHOD:CANCEL, STATUS:CANCELLED, the same UID, and without location or URL', () => {
    const request = parse(calendarFile(input())).event;
    const ics = calendarFile(input({ workshop: workshop({ onlineUrl: joinUrl, location: address, status: 'cancelled', sequence: 1 }), cancelled: true }));
    const { calendar, vevent, event } = parse(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.uid).toBe(request.uid);
    expect(event.sequence).toBe(1);
    expect(vevent.hasProperty('location')).toBe(false);
    expect(vevent.hasProperty('url')).toBe(false);
    expect(ics).not.toContain('room-secret-42');
    expect(ics).not.toContain('Elm Street');
  });

  it('is a cancellation when the workshop is cancelled, even if not asked for explicitly', () => {
    const { calendar, vevent } = parse(calendarFile(input({ workshop: workshop({ status: 'cancelled', sequence: 2 }) })));
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('a single registrant cancelling gets a CANCEL one sequence newer than their last request', () => {
    const { event } = parse(calendarFile(input({ workshop: workshop({ sequence: 2 }), registration: registration({ status: 'cancelled' }), cancelled: true })));
    expect(event.sequence).toBe(3);
  });

  it('names the organizer and the registrant, as iTIP requires for REQUEST and CANCEL', () => {
    const { vevent } = parse(calendarFile(input()));
    expect(vevent.getFirstPropertyValue('organizer')).toMatch(/^mailto:/i);
    expect(String(vevent.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:person@example.org');
  });

  it('comes as an attachment named invite.ics with the matching content type', () => {
    expect(calendarFileName).toBe('invite.ics');
    expect(calendarContentType('REQUEST')).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(calendarAttachment(input())).toMatchObject({ fileName: 'invite.ics', contentType: 'text/calendar; charset=utf-8; method=REQUEST' });
    expect(calendarAttachment(input({ cancelled: true })).contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
  });
});
