import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { makeEvent, type DataOf, type EventDefinition, type OutgoingEvent } from './define';

/**
 * The port for time-driven work: one-time EventBridge Scheduler schedules that put one of Hearth's
 * events on its bus at an instant, then delete themselves (docs/decisions.md, "Time-driven work").
 * On AWS the SDK talks to EventBridge Scheduler; locally AWS_ENDPOINT_URL_SCHEDULER points at the
 * local runtime's endpoint, which keeps the schedules and fires them by the one clock
 * (infra/local/scheduler.ts). The same code runs in both.
 *
 * Schedules are named deterministically by what they are for (see scheduleName), so putting the
 * same schedule twice replaces it and deleting a missing one is harmless: callers reconcile.
 */
export interface Schedule {
  /** Unique in Hearth's schedule group: [0-9A-Za-z_.-], at most 64 characters. */
  name: string;
  at: Date;
  /** The event put on the bus when it fires; its envelope is validated now, with its one schema. */
  event: OutgoingEvent;
}

let client: SchedulerClient | undefined;
const scheduler = () => (client ??= new SchedulerClient({ maxAttempts: 5 }));

const NAME = /^[0-9A-Za-z_.-]{1,64}$/;

/** A schedule name from its parts, e.g. scheduleName('reminder', workshopId, 0). */
export const scheduleName = (...parts: (string | number)[]): string => {
  const name = parts.map(String).join('-');
  if (!NAME.test(name)) throw new RangeError(`Not a valid schedule name: ${name}`);
  return name;
};

/**
 * The schedule `name` putting `definition`'s event with `data` on the bus at `at`. Its event id is
 * the schedule and its instant, the same on every put, so a repeated reconciliation is one event.
 */
export const oneTimeSchedule = <E extends EventDefinition>(name: string, at: Date, definition: E, data: DataOf<E>): Schedule => ({
  name,
  at,
  event: makeEvent(definition, `${name}@${at.toISOString()}`, data, at.toISOString()),
});

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC: Scheduler's one-time expression (second precision). */
export const atExpression = (at: Date): string => `at(${at.toISOString().slice(0, 19)})`;

const settings = () => ({
  groupName: process.env.SCHEDULE_GROUP_NAME ?? 'hearth',
  roleArn: required('SCHEDULER_ROLE_ARN'),
  deadLetterArn: required('SCHEDULER_DEAD_LETTER_ARN'),
  busArn: required('EVENT_BUS_ARN'),
});

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
};

const input = (schedule: Schedule): CreateScheduleCommandInput => {
  if (!NAME.test(schedule.name)) throw new RangeError(`Not a valid schedule name: ${schedule.name}`);
  const { definition, detail } = schedule.event;
  const { groupName, roleArn, deadLetterArn, busArn } = settings();
  return {
    Name: schedule.name,
    GroupName: groupName,
    ScheduleExpression: atExpression(schedule.at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: busArn,
      RoleArn: roleArn,
      Input: JSON.stringify(definition.detail.parse(detail)),
      EventBridgeParameters: { Source: definition.source, DetailType: definition.detailType },
      // Scheduler retries for up to a day, then parks the event in the dead-letter queue.
      RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
      DeadLetterConfig: { Arn: deadLetterArn },
    },
  };
};

/** Creates the schedule, or replaces the one with the same name. */
export const putSchedule = async (schedule: Schedule): Promise<void> => {
  const request = input(schedule);
  try {
    await scheduler().send(new CreateScheduleCommand(request));
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
    await scheduler().send(new UpdateScheduleCommand(request));
  }
};

/** Deletes the schedule; one that does not exist (fired, or never made) is fine. */
export const deleteSchedule = async (name: string): Promise<void> => {
  try {
    await scheduler().send(new DeleteScheduleCommand({ Name: name, GroupName: settings().groupName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
};

/** One schedule as a reconciliation wants it: present with its instant, or absent. */
export interface PlannedSchedule {
  name: string;
  /** Absent: the schedule must not exist. */
  schedule?: Schedule;
}

/**
 * The schedule when `active` and the instant is still ahead of `now`; otherwise none (a time that
 * has passed is never fired late). `data` is only read when the schedule is made.
 */
export const planSchedule = <E extends EventDefinition>(
  name: string,
  at: Date | undefined,
  definition: E,
  data: () => DataOf<E>,
  when: { active: boolean; now: Date },
): PlannedSchedule => (when.active && at && at.getTime() > when.now.getTime() ? { name, schedule: oneTimeSchedule(name, at, definition, data()) } : { name });

/** Puts what should exist and deletes the rest. Safe to repeat; a failure is retried as a whole. */
export const reconcileSchedules = async (planned: readonly PlannedSchedule[]): Promise<void> => {
  await Promise.all(planned.map(({ name, schedule }) => (schedule ? putSchedule(schedule) : deleteSchedule(name))));
};

/** What a reconciliation scheduled, for the log: names and instants (no one's data). */
export const scheduledSummary = (planned: readonly PlannedSchedule[]) =>
  planned.filter((entry) => entry.schedule).map((entry) => ({ name: entry.name, at: entry.schedule!.at.toISOString() }));
