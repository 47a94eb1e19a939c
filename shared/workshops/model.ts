import * as z from 'zod/mini';
import '../zod-locale';
import { emailAddress } from '../kernel/email';
import { MAX_RETENTION_DAYS } from '../kernel/retention';
import { displayName, plainLine, plainText } from '../kernel/text';

/** The shapes of the registration capability: what organizers send, what is stored, what is shown. */

const instant = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date and time with an offset, e.g. 2026-12-01T18:00:00-05:00' });

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
};

const httpsUrl = z.url({ protocol: /^https?$/, message: 'Must be a web address starting with https://' }).check(z.maxLength(500));

const workshopFields = {
  title: plainLine(120),
  description: plainText(4000),
  startsAt: instant,
  endsAt: instant,
  timezone: z.string().check(z.maxLength(64), z.refine(isTimeZone, 'Must be an IANA time zone such as America/New_York')),
  capacity: z.number().check(z.int('Must be a whole number'), z.gte(1, 'At least 1'), z.lte(10000, 'At most 10000')),
  waitlist: z.boolean(),
  location: z.optional(plainText(300)),
  onlineUrl: z.optional(httpsUrl),
  facilitator: z.optional(plainLine(120)),
  /** Days after the end that its registrations' personal data is erased: only shorter than the organisation's period (shared/workshops/retention.ts). */
  retentionDays: z.optional(z.number('Must be a number of days').check(z.int('Must be a whole number of days'), z.gte(1, 'At least 1 day'), z.lte(MAX_RETENTION_DAYS, `At most ${MAX_RETENTION_DAYS} days`))),
  /** Discreet: its mails' sender, subjects and previews and its calendar entries name no topic (./discreet.ts). */
  discreet: z.boolean('Must be true or false'),
};

/**
 * Reminders before a workshop, as minutes before its start: 0 to 3 of them, each between 15 minutes
 * and 7 days, no two the same. Stored sorted, largest first, on the workshop item.
 */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = [1440, 60];
export const MIN_REMINDER_OFFSET = 15;
export const MAX_REMINDER_OFFSET = 7 * 24 * 60;
export const MAX_REMINDERS = 3;

const reminderOffset = z.number('Must be a number of minutes before the start').check(
  z.int('Must be a whole number of minutes'),
  z.gte(MIN_REMINDER_OFFSET, `At least ${MIN_REMINDER_OFFSET} minutes before the start`),
  z.lte(MAX_REMINDER_OFFSET, `At most 7 days (${MAX_REMINDER_OFFSET} minutes) before the start`),
);

export const ReminderOffsets = z.array(reminderOffset, 'Must be a list of minutes before the start, e.g. [1440, 60] (24 hours and 1 hour)').check(
  z.maxLength(MAX_REMINDERS, `At most ${MAX_REMINDERS} reminders`),
  z.refine((offsets) => new Set(offsets).size === offsets.length, 'Each reminder must be at a different time'),
);

/** Largest first, so the stored list reads in the order the reminders go out. */
export const normalizeReminderOffsets = (offsets: readonly number[]): number[] => [...offsets].sort((a, b) => b - a);

const timesInOrder = (value: { startsAt?: string; endsAt?: string }) =>
  !value.startsAt || !value.endsAt || Date.parse(value.endsAt) > Date.parse(value.startsAt);

export const NewWorkshop = z.strictObject({
  ...workshopFields,
  /** Minutes before the start; 24 hours and 1 hour unless given. */
  reminderOffsetsMinutes: z._default(ReminderOffsets, () => [...DEFAULT_REMINDER_OFFSETS]),
  /** Not discreet unless asked (the organisation's HEARTH_DISCREET_MODE can make every workshop discreet). */
  discreet: z._default(workshopFields.discreet, false),
}).check(
  z.refine(timesInOrder, { message: 'Must be after the start', path: ['endsAt'] }),
  z.refine((value) => Boolean(value.location?.trim() || value.onlineUrl), {
    message: 'Give a location or an online link',
    path: ['location'],
  }),
);
export type NewWorkshop = z.infer<typeof NewWorkshop>;
/** What a caller may pass to create a workshop (reminder offsets optional). */
export type NewWorkshopInput = z.input<typeof NewWorkshop>;

export const WorkshopChanges = z
  .partial(
    z.strictObject({
      ...workshopFields,
      reminderOffsetsMinutes: ReminderOffsets,
      location: z.optional(z.nullable(plainText(300))),
      onlineUrl: z.optional(z.nullable(httpsUrl)),
      facilitator: z.optional(z.nullable(plainLine(120))),
      retentionDays: z.optional(z.nullable(workshopFields.retentionDays.def.innerType)),
    }),
  )
  .check(z.refine((value) => Object.keys(value).length > 0, { message: 'Send at least one field to change', path: ['_'] }));
export type WorkshopChanges = z.infer<typeof WorkshopChanges>;

export const CancelWorkshop = z.strictObject({ message: z.optional(plainText(2000)) });

/** A workshop's console organizers, by address (each must be an organizer); its API keys stay as they are. */
export const WorkshopOrganizersInput = z.strictObject({
  organizers: z
    .array(z.pipe(z.string().check(z.trim(), z.maxLength(254, 'At most 254 characters')), z.email('Enter an email address like name@example.org')))
    .check(z.maxLength(50, 'At most 50 organizers')),
});
export type WorkshopOrganizersInput = z.infer<typeof WorkshopOrganizersInput>;

/*
 * The shapes Hearth answers with. Each is a zod schema, so the TypeScript type and the OpenAPI
 * document (./openapi.ts) come from one definition.
 */
const workshopStatus = z.enum(['draft', 'published', 'cancelled']);
export type WorkshopStatus = z.infer<typeof workshopStatus>;

export const Workshop = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  timezone: z.string(),
  capacity: z.int(),
  waitlist: z.boolean(),
  location: z.optional(z.string()),
  onlineUrl: z.optional(z.string()),
  facilitator: z.optional(z.string()),
  /** Days after the end that its registrations' personal data is erased, when shorter than the organisation's period. */
  retentionDays: z.optional(z.int()),
  /** Asked for on this workshop; the organisation's HEARTH_DISCREET_MODE makes every workshop discreet whatever this says. */
  discreet: z.boolean(),
  status: workshopStatus,
  /** Confirmed registrations; never above capacity (conditional writes). */
  confirmedCount: z.int(),
  /** Registrations currently on the waitlist. */
  waitlistCount: z.int(),
  /** Calendar SEQUENCE: raised on every change of time or place and on cancellation. */
  sequence: z.int(),
  cancellationMessage: z.optional(z.string()),
  /** Reminders, in minutes before the start, largest first (0 to 3). */
  reminderOffsetsMinutes: z.array(z.int()),
  /** Its organizers: console organizer ids and `api-key:<id>` for API keys. Only they and admins see its registrations or change it. */
  organizerIds: z.optional(z.array(z.string())),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Workshop = z.infer<typeof Workshop>;

/** What anyone may see: no online link, no private location before registering. */
export const PublicWorkshop = z.extend(
  z.pick(Workshop, { id: true, title: true, description: true, startsAt: true, endsAt: true, timezone: true, facilitator: true }),
  {
    format: z.enum(['online', 'in-person', 'hybrid']),
    seatsLeft: z.int(),
    waitlistOpen: z.boolean(),
    full: z.boolean(),
    /** Cancelled workshops stay visible by id (old links explain themselves) but leave the list. */
    cancelled: z.boolean(),
  },
);
export type PublicWorkshop = z.infer<typeof PublicWorkshop>;

export const toPublicWorkshop = (workshop: Workshop): PublicWorkshop => {
  const online = Boolean(workshop.onlineUrl);
  const inPerson = Boolean(workshop.location);
  const seatsLeft = Math.max(0, workshop.capacity - workshop.confirmedCount);
  return {
    id: workshop.id,
    title: workshop.title,
    description: workshop.description,
    startsAt: workshop.startsAt,
    endsAt: workshop.endsAt,
    timezone: workshop.timezone,
    ...(workshop.facilitator ? { facilitator: workshop.facilitator } : {}),
    format: online && inPerson ? 'hybrid' : online ? 'online' : 'in-person',
    seatsLeft,
    waitlistOpen: workshop.waitlist,
    full: seatsLeft === 0,
    cancelled: workshop.status === 'cancelled',
  };
};

export const RegistrationInput = z.strictObject({
  email: emailAddress(),
  displayName: displayName(),
  consent: z.literal(true, 'Please confirm that we may use your email to send you workshop details'),
  accessibilityNeeds: z.optional(plainText(1000)),
});
export type RegistrationInput = z.infer<typeof RegistrationInput>;

const registrationStatus = z.enum(['confirmed', 'waitlisted', 'cancelled']);
export type RegistrationStatus = z.infer<typeof registrationStatus>;

export interface Registration {
  id: string;
  workshopId: string;
  email: string;
  displayName?: string;
  accessibilityNeeds?: string;
  status: RegistrationStatus;
  /** Ticket in the waitlist's first-come-first-served order while waitlisted. */
  waitlistTicket?: number;
  createdAt: string;
  confirmedAt?: string;
  cancelledAt?: string;
  cancelledBy?: 'registrant' | 'organizer';
  /** What it was when cancelled: a freed seat moves the waitlist up, a waitlist ticket does not. */
  previousStatus?: 'confirmed' | 'waitlisted';
  /** Set when an organizer checks a confirmed registrant in at the session; removed by undo. */
  attendedAt?: string;
  /**
   * Set when what named the person (address, name, needs) was erased at their request (/my-data,
   * or an admin's `person erase`): `email` is then empty and no mail goes to it.
   */
  erasedAt?: string;
}

/**
 * The answer to every accepted registration request (202), whatever happened: the outcome goes by
 * mail to the address, so the answer cannot tell anyone whether the address was known.
 */
export const RegistrationReceived = z.object({ status: z.literal('received') });
export type RegistrationReceived = z.infer<typeof RegistrationReceived>;

/** What a registration attempt came to (internal: the public answer is RegistrationReceived). */
export const RegistrationResult = z.object({
  id: z.string(),
  status: registrationStatus,
  waitlistPosition: z.optional(z.int()),
});
export type RegistrationResult = z.infer<typeof RegistrationResult>;

/** A line of the roster: organizers only. */
export const RosterEntry = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.nullable(z.string()),
  status: registrationStatus,
  waitlistPosition: z.nullable(z.int()),
  accessibilityNeeds: z.nullable(z.string()),
  createdAt: z.string(),
  /** Checked in by an organizer. */
  attended: z.boolean(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

