import * as z from 'zod/mini';
import { SCHEDULE_SOURCE } from '../events/sources';
import '../zod-locale';
import { defineEvent } from '../events/define';
import { id, instant } from '../events/fields';

/**
 * Events of the reminders capability. Ids and instants only, never personal data.
 * ReminderDue is put on the bus by a one-time schedule (catalog trigger `schedule`).
 */
const offsetMinutes = z.number().check(z.int(), z.gte(15), z.lte(7 * 24 * 60));

/** A workshop's reminder fell due: `offsetMinutes` before `startsAt` (the start it was scheduled for). */
export const ReminderDue = defineEvent({
  source: SCHEDULE_SOURCE,
  detailType: 'Workshop Reminder Due',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, startsAt: instant, offsetMinutes }),
});

/** One batch of the registrants a due reminder goes to. */
export const ReminderBatchDue = defineEvent({
  source: 'hearth.reminders',
  detailType: 'Workshop Reminder Batch Due',
  schemaVersion: 1,
  data: z.strictObject({
    workshopId: id,
    startsAt: instant,
    offsetMinutes,
    registrationIds: z.array(id).check(z.minLength(1), z.maxLength(50)),
  }),
});
