import ical, { ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { config } from '../config';
import { senderAddress } from '../mail/sender';
import { discreetCalendarTitle, isDiscreet } from './discreet';
import type { Registration, Workshop } from './model';

/**
 * The calendar file (iCalendar, RFC 5545 / iTIP RFC 5546) attached to a registrant's mails.
 * - One VEVENT whose UID is the same for this workshop and registrant across every update, so a
 *   calendar replaces the entry instead of adding a second one; SEQUENCE says which is newer.
 * - Times in UTC (…Z): unambiguous, no VTIMEZONE to get wrong.
 * - A neutral SUMMARY with no topic words: calendars are seen by others.
 * - Discreet (./discreet.ts): the SUMMARY is "Appointment", the organizer and PRODID carry the
 *   neutral HEARTH_DISCREET_NAME rather than ORG_NAME, and there is no DESCRIPTION: only the time
 *   and how to join (LOCATION, or the online link when there is no address, and URL).
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

/** Where and how to join, with a description that says it again (or that the session is cancelled). */
const place = (workshop: Workshop, showPlace: boolean, cancelled: boolean) => ({
  ...(cancelled ? { description: 'This session is cancelled.' } : {}),
  ...(showPlace && workshop.onlineUrl ? { url: workshop.onlineUrl, description: `Join online: ${workshop.onlineUrl}` } : {}),
  ...(showPlace && workshop.location ? { location: workshop.location } : {}),
});

/** Only how to join, no description: the online link is also the LOCATION when there is no address, so calendars that ignore URL still show it. */
const discreetPlace = (workshop: Workshop, showPlace: boolean) => {
  if (!showPlace) return {};
  const location = workshop.location ?? workshop.onlineUrl;
  return { ...(workshop.onlineUrl ? { url: workshop.onlineUrl } : {}), ...(location ? { location } : {}) };
};

export const calendarFile = (input: CalendarInput): string => {
  const { workshop, registration } = input;
  const method = calendarMethod(input);
  const cancelled = method === 'CANCEL';
  const showPlace = !cancelled && registration.status === 'confirmed';
  const discreet = isDiscreet(workshop);
  const name = discreet ? config.discreetName : config.orgName;

  const calendar = ical({
    prodId: { company: name, product: 'Hearth', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: calendarUid(workshop.id, registration.id),
    sequence: calendarSequence(input),
    stamp: input.stamp ?? new Date(),
    start: new Date(workshop.startsAt),
    end: new Date(workshop.endsAt),
    summary: discreet ? discreetCalendarTitle : `${config.orgName} session`,
    status: cancelled ? ICalEventStatus.CANCELLED : registration.status === 'waitlisted' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    // ORGANIZER is required by iTIP for REQUEST/CANCEL.
    organizer: { name, email: senderAddress(config.mailFrom) },
    attendees: [{ email: registration.email, rsvp: false, status: ICalAttendeeStatus.ACCEPTED }],
    ...(discreet ? discreetPlace(workshop, showPlace) : place(workshop, showPlace, cancelled)),
  });
  return calendar.toString();
};

/** The attachment as the mail sender takes it. */
export const calendarAttachment = (input: CalendarInput): { fileName: string; contentType: string; content: string } => ({
  fileName: calendarFileName,
  contentType: calendarContentType(calendarMethod(input)),
  content: calendarFile(input),
});
