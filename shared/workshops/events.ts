import * as z from 'zod/mini';
import '../zod-locale';
import { defineEvent } from '../events/define';
import { id, instant } from '../events/fields';
import { SCHEDULE_SOURCE } from '../events/sources';

/**
 * Events of the registration capability. They carry ids only, never personal data: the archive on
 * the bus keeps events, and consumers read what they need from the table.
 */
const source = 'hearth.registration';

export const RegistrationConfirmed = defineEvent({
  source,
  detailType: 'Registration Confirmed',
  schemaVersion: 1,
  data: z.strictObject({
    workshopId: id,
    registrationId: id,
    via: z.enum(['registration', 'waitlist']),
  }),
});

export const RegistrationWaitlisted = defineEvent({
  source,
  detailType: 'Registration Waitlisted',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, registrationId: id }),
});

/**
 * Someone asked to register an address that already holds a place or a waitlist ticket. The answer
 * to the request was the same as for a new address; this event lets the address's owner, and only
 * them, hear by mail what they already have (at most one such mail per registration per 10 minutes).
 */
export const RegistrationRepeated = defineEvent({
  source,
  detailType: 'Registration Repeated',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, registrationId: id }),
});

export const RegistrationCancelled = defineEvent({
  source,
  detailType: 'Registration Cancelled',
  schemaVersion: 1,
  data: z.strictObject({
    workshopId: id,
    registrationId: id,
    previousStatus: z.enum(['confirmed', 'waitlisted']),
    by: z.enum(['registrant', 'organizer']),
  }),
});

const workshopSource = 'hearth.workshop';
/** The calendar entry's SEQUENCE: a move or a cancellation raises it, so calendars take the newer one. */
const sequence = z.number().check(z.int(), z.gte(0));

export const WorkshopPublished = defineEvent({
  source: workshopSource,
  detailType: 'Workshop Published',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id }),
});

/** Time or place changed: registrants get an updated calendar entry (same UID, higher SEQUENCE). */
export const WorkshopRescheduled = defineEvent({
  source: workshopSource,
  detailType: 'Workshop Rescheduled',
  schemaVersion: 1,
  data: z.strictObject({
    workshopId: id,
    sequence,
    changed: z.array(z.enum(['time', 'place'])).check(z.minLength(1)),
  }),
});

export const WorkshopCancelled = defineEvent({
  source: workshopSource,
  detailType: 'Workshop Cancelled',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, sequence }),
});

export const WorkshopCapacityChanged = defineEvent({
  source: workshopSource,
  detailType: 'Workshop Capacity Changed',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, capacity: z.number().check(z.int(), z.gte(1)) }),
});

/**
 * Something that decides a workshop's schedules changed: it was published, moved, cancelled, or its
 * reminder offsets or survey timing were edited. The consumer reconciles the one-time schedules
 * with the workshop as it is now, so duplicates and out-of-order deliveries are harmless.
 */
export const WorkshopScheduleChanged = defineEvent({
  source: workshopSource,
  detailType: 'Workshop Schedule Changed',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id }),
});

/**
 * An organizer's message to the confirmed registrants. The subject and text are stored on a message
 * item (they may name the group); the event carries ids only.
 */
export const WorkshopMessageSent = defineEvent({
  source: workshopSource,
  detailType: 'Workshop Message Sent',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, messageId: id }),
});

/**
 * Event ids are derived from the state change they announce, so publishing the same change again
 * (a retried request, an interrupted promotion) is recognised downstream as the same event.
 */
export const confirmedEventId = (registrationId: string) => `registration-confirmed:${registrationId}`;
export const waitlistedEventId = (registrationId: string) => `registration-waitlisted:${registrationId}`;
/** One per request (its instant): two requests are two events, a redelivery is the same one. */
export const repeatedEventId = (registrationId: string, at: Date) => `registration-repeated:${registrationId}:${at.getTime()}`;
export const cancelledEventId = (registrationId: string) => `registration-cancelled:${registrationId}`;

/**
 * A workshop's registration retention ran out (HEARTH_RETENTION_REGISTRATION_DAYS after `endsAt`,
 * or the workshop's shorter `retentionDays`): its registrations' personal fields go, their counts
 * stay. Put on the bus by a one-time schedule (./retention.ts).
 */
export const WorkshopRetentionDue = defineEvent({
  source: SCHEDULE_SOURCE,
  detailType: 'Workshop Retention Due',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, endsAt: instant }),
});
