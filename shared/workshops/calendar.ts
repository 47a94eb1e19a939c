import ical, { ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { config } from '../config';
import type { Registration, Workshop } from './model';

/**
 * The calendar file (iCalendar, RFC 5545 / iTIP RFC 5546) attached to a registrant's mails.
 * - One VEVENT whose UID is the same for this workshop and registrant across every update, so a
 *   calendar replaces the entry instead of adding a second one; SEQUENCE says which is newer.
 * - Times in UTC (…Z): unambiguous, no VTIMEZONE to get wrong.
 * - A neutral SUMMARY with no topic words: calendars are seen by others.
 * - The join link and address only while the registration is confirmed and the session is on.
 */
export interface CalendarInput {
  workshop: Workshop;
  registration: Registration;
  /** True when this file takes the entry out of the calendar (registration or workshop cancelled). */
  cancelled: boolean;
  /** DTSTAMP; defaults to the current time. */
  stamp?: Date;
}

export const calendarFileName = 'invite.ics';

export type CalendarMethod = 'REQUEST' | 'CANCEL';

export const calendarUid = (workshopId: string, registrationId: string): string => `${workshopId}-${registrationId}@hearth`;

export const calendarMethod = ({ workshop, registration, cancelled }: CalendarInput): CalendarMethod =>
  cancelled || workshop.status === 'cancelled' || registration.status === 'cancelled' ? 'CANCEL' : 'REQUEST';

export const calendarContentType = (method: CalendarMethod): string => `text/calendar; charset=utf-8; method=${method}`;

/**
 * The workshop's SEQUENCE (raised on every change of time or place and on cancellation). A CANCEL
 * for one registrant while the workshop goes on is one step newer than the last REQUEST they got,
 * so calendars accept it as the latest revision.
 */
export const calendarSequence = (input: CalendarInput): number =>
  calendarMethod(input) === 'CANCEL' && input.workshop.status !== 'cancelled' ? input.workshop.sequence + 1 : input.workshop.sequence;

/** "Name <address>" or "address" → the address, for ORGANIZER (required by iTIP for REQUEST/CANCEL). */
const senderAddress = (from: string): string => (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from).trim();

export const calendarFile = (input: CalendarInput): string => {
  const { workshop, registration } = input;
  const method = calendarMethod(input);
  const cancelled = method === 'CANCEL';
  const showPlace = !cancelled && registration.status === 'confirmed';

  const calendar = ical({
    prodId: { company: config.orgName, product: 'Hearth', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: calendarUid(workshop.id, registration.id),
    sequence: calendarSequence(input),
    stamp: input.stamp ?? new Date(),
    start: new Date(workshop.startsAt),
    end: new Date(workshop.endsAt),
    summary: `${config.orgName} session`,
    status: cancelled ? ICalEventStatus.CANCELLED : registration.status === 'waitlisted' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    organizer: { name: config.orgName, email: senderAddress(config.mailFrom) },
    attendees: [{ email: registration.email, rsvp: false, status: ICalAttendeeStatus.ACCEPTED }],
    ...(cancelled ? { description: 'This session is cancelled.' } : {}),
    ...(showPlace && workshop.onlineUrl ? { url: workshop.onlineUrl, description: `Join online: ${workshop.onlineUrl}` } : {}),
    ...(showPlace && workshop.location ? { location: workshop.location } : {}),
  });
  return calendar.toString();
};

/** The attachment as the mail sender takes it. */
export const calendarAttachment = (input: CalendarInput): { fileName: string; contentType: string; content: string } => ({
  fileName: calendarFileName,
  contentType: calendarContentType(calendarMethod(input)),
  content: calendarFile(input),
});
