import * as z from 'zod/mini';
import '../zod-locale';
import { defineEvent } from '../events/define';
import { id, instant } from '../events/fields';
import { SCHEDULE_SOURCE } from '../events/sources';

/**
 * Events of the feedback-survey capability. Ids only; SurveyAnswered carries the workshop alone,
 * never who answered.
 */

/** The workshop that ended at `endsAt` is due its survey (a one-time schedule). */
export const SurveyDue = defineEvent({
  source: SCHEDULE_SOURCE,
  detailType: 'Workshop Survey Due',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, endsAt: instant }),
});

/** The one reminder to those who have not answered (a one-time schedule). */
export const SurveyReminderDue = defineEvent({
  source: SCHEDULE_SOURCE,
  detailType: 'Workshop Survey Reminder Due',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id, endsAt: instant }),
});

/** One batch of the people a survey mail (the invitation or its reminder) goes to. */
export const SurveyBatchDue = defineEvent({
  source: 'hearth.surveys',
  detailType: 'Survey Mail Batch Due',
  schemaVersion: 1,
  data: z.strictObject({
    workshopId: id,
    kind: z.enum(['invitation', 'reminder']),
    registrationIds: z.array(id).check(z.minLength(1), z.maxLength(50)),
  }),
});

/** Someone answered a workshop's survey. Who is never recorded. */
export const SurveyAnswered = defineEvent({
  source: 'hearth.surveys',
  detailType: 'Survey Answered',
  schemaVersion: 1,
  data: z.strictObject({ workshopId: id }),
});
