import * as z from 'zod/mini';
import '../zod-locale';
import { isTimeZone, parseDate, parseTime } from '../kernel/zoned-time';
import { plainLine, plainText } from '../kernel/text';
import { ReminderOffsets } from '../workshops/port';

/**
 * The shapes of support groups (issue 14): what an organizer sends, what Hearth answers. A group is
 * a series of meetings: an RRULE read on the group's local clock from its first date and start time
 * (./recurrence.ts checks it and plans the meetings).
 */
const localDate = z.string().check(z.refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && parseDate(value) !== undefined, 'Use a date like 2027-03-02'));
const localTime = z.string().check(z.refine((value) => /^\d{2}:\d{2}$/.test(value) && parseTime(value) !== undefined, 'Use a 24-hour time like 18:00'));
const httpsUrl = z.url({ protocol: /^https?$/, message: 'Must be a web address starting with https://' }).check(z.maxLength(500));

export const MEMBERSHIPS = ['drop-in', 'closed'] as const;

export const NewGroup = z.strictObject({
  title: plainLine(120),
  description: plainText(4000),
  facilitator: z.optional(plainLine(120)),
  timezone: z.string().check(z.maxLength(64), z.refine((zone) => isTimeZone(zone) && (zone.includes('/') || zone === 'UTC'), 'Must be an IANA time zone such as America/New_York')),
  firstDate: localDate,
  startTime: localTime,
  durationMinutes: z.number('Must be a number of minutes').check(z.int('Must be a whole number of minutes'), z.gte(15, 'At least 15 minutes'), z.lte(720, 'At most 12 hours (720 minutes)')),
  /** RFC 5545 RRULE: FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY (2TU, -1FR for monthly), COUNT, UNTIL. */
  recurrence: z.string().check(z.maxLength(200, 'At most 200 characters')),
  excludedDates: z.optional(z.array(localDate).check(z.maxLength(200, 'At most 200 dates'))),
  capacity: z.number('Must be a number').check(z.int('Must be a whole number'), z.gte(1, 'At least 1'), z.lte(10000, 'At most 10000')),
  waitlist: z.optional(z.boolean('Must be true or false')),
  location: z.optional(plainText(300)),
  onlineUrl: z.optional(httpsUrl),
  reminderOffsetsMinutes: z.optional(ReminderOffsets),
  membership: z.enum(MEMBERSHIPS, 'Must be drop-in or closed'),
  /** Closed groups only: a join is a request a facilitator approves or declines. */
  approval: z.optional(z.boolean('Must be true or false')),
});
export type NewGroupInput = z.infer<typeof NewGroup>;

const groupStatus = z.enum(['draft', 'published', 'cancelled']);

export const PlannedMeeting = z.object({ date: z.string(), startsAt: z.string(), endsAt: z.string() });

/** A group as its organizers see it. */
export const Group = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  facilitator: z.optional(z.string()),
  timezone: z.string(),
  firstDate: z.string(),
  startTime: z.string(),
  durationMinutes: z.int(),
  recurrence: z.string(),
  excludedDates: z.array(z.string()),
  capacity: z.int(),
  waitlist: z.boolean(),
  location: z.optional(z.string()),
  onlineUrl: z.optional(z.string()),
  reminderOffsetsMinutes: z.array(z.int()),
  membership: z.enum(MEMBERSHIPS),
  approval: z.boolean(),
  status: groupStatus,
  /** Organizer ids and `api-key:<id>`: who may change it and see its people. */
  organizerIds: z.array(z.string()),
  /** Whether the series ends (COUNT or UNTIL); an open-ended one is planned over a rolling horizon. */
  bounded: z.boolean(),
  /** The next meetings of the series, at most 12, as the rule and the exclusions make them. */
  upcoming: z.array(PlannedMeeting),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Group = z.infer<typeof Group>;
