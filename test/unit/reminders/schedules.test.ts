import { describe, expect, it } from 'vitest';
import { planReminderSchedules } from '../../../shared/reminders/schedules';
import { planSurveySchedules } from '../../../shared/surveys/schedules';
import { workshop } from '../web/fixtures';

/** The pure half of the schedule reconciliation: what should exist for a workshop as it is now. */
const timing = { delayMinutes: 60, reminderAfterHours: 72 };
const start = '2026-12-01T23:00:00.000Z';
const end = '2026-12-02T00:30:00.000Z';
/** What the one consumer (sync-workshop-schedules) reconciles: reminders' schedules, then the survey's. */
const planSchedules = (...[id, given, surveyTiming, now]: Parameters<typeof planSurveySchedules>) => [
  ...planReminderSchedules(id, given, now),
  ...planSurveySchedules(id, given, surveyTiming, now),
];
const w = (overrides = {}) => workshop({ startsAt: start, endsAt: end, ...overrides });

const summary = (plan: ReturnType<typeof planSchedules>) =>
  plan.map(({ name, schedule }) => [name, schedule?.at.toISOString() ?? null, schedule?.event.definition.detailType ?? null]);

describe('planSchedules', () => {
  it('plans the default reminders (24 h, 1 h), the survey an hour after the end and its reminder 3 days later', () => {
    const plan = planSchedules('wk_123', w(), timing, new Date('2026-11-20T00:00:00Z'));
    expect(summary(plan)).toEqual([
      ['reminder-wk_123-0', '2026-11-30T23:00:00.000Z', 'Workshop Reminder Due'],
      ['reminder-wk_123-1', '2026-12-01T22:00:00.000Z', 'Workshop Reminder Due'],
      ['reminder-wk_123-2', null, null],
      ['survey-wk_123', '2026-12-02T01:30:00.000Z', 'Workshop Survey Due'],
      ['survey-reminder-wk_123', '2026-12-05T01:30:00.000Z', 'Workshop Survey Reminder Due'],
    ]);
    // Each scheduled event names the start it was planned for: a later reschedule makes it stale.
    expect(plan[0]!.schedule!.event.detail).toEqual({
      eventId: 'reminder-wk_123-0@2026-11-30T23:00:00.000Z',
      occurredAt: '2026-11-30T23:00:00.000Z',
      schemaVersion: 1,
      data: { workshopId: 'wk_123', startsAt: start, offsetMinutes: 1440 },
    });
    expect(plan[3]!.schedule!.event.detail.data).toEqual({ workshopId: 'wk_123', endsAt: end });
  });

  it('orders custom offsets longest first, one slot each, and empties unused slots', () => {
    const plan = planSchedules('wk_123', w({ reminderOffsetsMinutes: [15, 10080, 180] }), timing, new Date('2026-11-01T00:00:00Z'));
    expect(summary(plan).slice(0, 3)).toEqual([
      ['reminder-wk_123-0', '2026-11-24T23:00:00.000Z', 'Workshop Reminder Due'],
      ['reminder-wk_123-1', '2026-12-01T20:00:00.000Z', 'Workshop Reminder Due'],
      ['reminder-wk_123-2', '2026-12-01T22:45:00.000Z', 'Workshop Reminder Due'],
    ]);
    expect(summary(planSchedules('wk_123', w({ reminderOffsetsMinutes: [] }), timing, new Date('2026-11-01T00:00:00Z'))).slice(0, 3)).toEqual([
      ['reminder-wk_123-0', null, null],
      ['reminder-wk_123-1', null, null],
      ['reminder-wk_123-2', null, null],
    ]);
  });

  it('never schedules an instant already past: a reminder is not sent late', () => {
    const plan = planSchedules('wk_123', w(), timing, new Date('2026-12-01T12:00:00Z'));
    expect(summary(plan).map(([name, at]) => [name, at])).toEqual([
      ['reminder-wk_123-0', null],
      ['reminder-wk_123-1', '2026-12-01T22:00:00.000Z'],
      ['reminder-wk_123-2', null],
      ['survey-wk_123', '2026-12-02T01:30:00.000Z'],
      ['survey-reminder-wk_123', '2026-12-05T01:30:00.000Z'],
    ]);
  });

  it('follows the survey timing: another delay, and no reminder when it is switched off', () => {
    const plan = planSchedules('wk_123', w(), { delayMinutes: 24 * 60, reminderAfterHours: null }, new Date('2026-11-20T00:00:00Z'));
    expect(summary(plan).slice(3)).toEqual([
      ['survey-wk_123', '2026-12-03T00:30:00.000Z', 'Workshop Survey Due'],
      ['survey-reminder-wk_123', null, null],
    ]);
  });

  it('removes every schedule of a draft, a cancelled or a missing workshop', () => {
    for (const workshopOrNot of [w({ status: 'draft' }), w({ status: 'cancelled' }), undefined]) {
      const plan = planSchedules('wk_123', workshopOrNot, timing, new Date('2026-11-20T00:00:00Z'));
      expect(plan.map((entry) => entry.schedule)).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(plan).toHaveLength(5);
    }
  });
});
