import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsEndpoint, type AwsEndpoint } from '../../infra/local/aws-endpoint';
import { createLocalScheduler, type LocalSchedule, type LocalScheduler } from '../../infra/local/scheduler';
import { makeEvent } from '../../shared/events/define';
import { ReminderDue } from '../../shared/reminders/events';
import { atExpression, deleteSchedule, putSchedule, scheduleName } from '../../shared/events/scheduler';

/**
 * EventBridge Scheduler has no local engine from AWS, so the local runtime emulates the part Hearth
 * uses. This is the test of that adapter: Hearth's own port (shared/events/scheduler.ts) through
 * the real SDK v3 client against the internal AWS endpoint, and the firing order by the clock.
 */
const BUS_ARN = 'arn:aws:events:us-east-1:000000000000:event-bus/hearth-local';

const reminder = (workshopId: string, at: Date) =>
  makeEvent(ReminderDue, `reminder-${workshopId}@${at.toISOString()}`, { workshopId, startsAt: new Date(at.getTime() + 3_600_000).toISOString(), offsetMinutes: 60 }, at.toISOString());

describe('the local EventBridge Scheduler', () => {
  let clock = new Date('2027-01-01T00:00:00Z');
  let fired: { name: string; at: string; detail: unknown }[] = [];
  let deadLetters: { name: string; reason: string }[] = [];
  let onFire: (schedule: LocalSchedule) => Promise<void> | void = () => undefined;
  const pendingWork: Promise<unknown>[] = [];
  let dataDir: string;
  let scheduler: LocalScheduler;
  let endpoint: AwsEndpoint;
  const saved = { ...process.env };

  const make = () =>
    createLocalScheduler({
      busArn: BUS_ARN,
      now: () => clock,
      setClock: (to) => {
        if (to < clock) throw new RangeError('backwards');
        clock = to;
      },
      fire: (schedule, detail) => {
        fired.push({ name: schedule.name, at: clock.toISOString(), detail });
        pendingWork.push(Promise.resolve(onFire(schedule)));
      },
      deadLetter: (schedule, reason) => deadLetters.push({ name: schedule.name, reason }),
      idle: async () => {
        while (pendingWork.length) await pendingWork.shift();
        return true;
      },
      file: join(dataDir, 'schedules.json'),
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-scheduler-'));
    scheduler = make();
    endpoint = await createAwsEndpoint({
      eventBusName: 'hearth-local',
      linkSecretId: 'secret',
      linkSecret: () => 'x'.repeat(40),
      deadLetterQueueName: 'dlq',
      putEvents: () => undefined,
      deadLetter: () => undefined,
      rest: (method, url, body) => scheduler.handle(method, url, body),
    });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SCHEDULER: endpoint.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      SCHEDULE_GROUP_NAME: 'hearth-test',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
      SCHEDULER_DEAD_LETTER_ARN: 'arn:aws:sqs:us-east-1:000000000000:scheduler-dlq',
      EVENT_BUS_ARN: BUS_ARN,
    });
  });
  afterAll(async () => {
    process.env = saved;
    scheduler.close();
    await endpoint.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fired = [];
    deadLetters = [];
    onFire = () => undefined;
  });
  afterEach(async () => {
    for (const schedule of scheduler.list()) await deleteSchedule(schedule.name);
  });

  it('creates, replaces and deletes schedules through the port and the real SDK', async () => {
    const at = new Date('2027-01-02T10:00:00Z');
    await putSchedule({ name: 'reminder-w1-0', at, event: reminder('w1', at) });
    expect(scheduler.list()).toMatchObject([
      { name: 'reminder-w1-0', groupName: 'hearth-test', at: '2027-01-02T10:00:00.000Z', source: 'hearth.schedule', detailType: 'Workshop Reminder Due' },
    ]);
    // The same name again replaces it (Create answers 409, the port updates).
    const later = new Date('2027-01-02T11:30:00Z');
    await putSchedule({ name: 'reminder-w1-0', at: later, event: reminder('w1', later) });
    expect(scheduler.list().map((s) => s.at)).toEqual(['2027-01-02T11:30:00.000Z']);
    const client = new SchedulerClient({});
    const got = await client.send(new GetScheduleCommand({ Name: 'reminder-w1-0', GroupName: 'hearth-test' }));
    expect(got.ScheduleExpression).toBe(atExpression(later));
    expect(JSON.parse(got.Target!.Input!)).toMatchObject({ eventId: `reminder-w1@${later.toISOString()}`, data: { workshopId: 'w1' } });
    await deleteSchedule('reminder-w1-0');
    expect(scheduler.list()).toEqual([]);
    // Deleting what is gone (it fired) is fine for the port; the API itself answers 404.
    await expect(deleteSchedule('reminder-w1-0')).resolves.toBeUndefined();
    await expect(client.send(new GetScheduleCommand({ Name: 'reminder-w1-0', GroupName: 'hearth-test' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('refuses what it cannot run like Scheduler would: recurring expressions, other targets, bad names, bad events', async () => {
    const client = new SchedulerClient({});
    const base = {
      Name: 'x',
      GroupName: 'hearth-test',
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      ScheduleExpression: 'at(2027-02-01T00:00:00)',
      Target: { Arn: BUS_ARN, RoleArn: 'arn:aws:iam::000000000000:role/r', Input: '{}', EventBridgeParameters: { Source: 'hearth.schedule', DetailType: 'X' } },
    };
    for (const input of [
      { ...base, ScheduleExpression: 'rate(5 minutes)' },
      { ...base, ScheduleExpressionTimezone: 'Europe/Berlin' },
      { ...base, Target: { ...base.Target, Arn: 'arn:aws:lambda:us-east-1:000000000000:function:f' } },
      { ...base, Target: { ...base.Target, EventBridgeParameters: undefined } },
      { ...base, Target: { ...base.Target, EventBridgeParameters: { Source: 'aws.ses', DetailType: 'X' } } },
    ]) {
      await expect(client.send(new CreateScheduleCommand(input))).rejects.toMatchObject({ name: 'ValidationException' });
    }
    expect(() => scheduleName('reminder', 'w/1')).toThrow(/schedule name/);
    const at = new Date('2027-02-01T00:00:00Z');
    // The port validates the envelope with the event's one schema before anything is sent.
    const bad = makeEvent(ReminderDue, 'bad-event-1', { workshopId: 'w1', startsAt: 'soon', offsetMinutes: 60 }, at.toISOString());
    await expect(putSchedule({ name: 'bad', at, event: bad })).rejects.toThrow();
    expect(scheduler.list()).toEqual([]);
  });

  it('fires everything due up to the instant in order, each at its own instant, and deletes it', async () => {
    const times = ['2027-01-05T09:00:00Z', '2027-01-03T12:00:00Z', '2027-01-04T08:30:00Z', '2027-01-20T00:00:00Z'].map((iso) => new Date(iso));
    for (const [i, at] of times.entries()) await putSchedule({ name: `s-${i}`, at, event: reminder(`w${i}`, at) });
    const result = await scheduler.advance(new Date('2027-01-10T00:00:00Z'));
    expect(result).toEqual({ fired: 3, idle: true });
    expect(fired.map(({ name, at }) => [name, at])).toEqual([
      ['s-1', '2027-01-03T12:00:00.000Z'],
      ['s-2', '2027-01-04T08:30:00.000Z'],
      ['s-0', '2027-01-05T09:00:00.000Z'],
    ]);
    expect(fired[0]!.detail).toMatchObject({ eventId: `reminder-w1@${times[1]!.toISOString()}`, data: { workshopId: 'w1', offsetMinutes: 60 } });
    expect(clock.toISOString()).toBe('2027-01-10T00:00:00.000Z');
    expect(scheduler.list().map((s) => s.name)).toEqual(['s-3']);
  });

  it('fires a schedule created by a delivery in the same move, when it fell due before the target', async () => {
    const first = new Date('2027-01-21T10:00:00Z');
    await putSchedule({ name: 'first', at: first, event: reminder('a', first) });
    onFire = async (schedule) => {
      if (schedule.name !== 'first') return;
      const follow = new Date(clock.getTime() + 3 * 24 * 3_600_000);
      await putSchedule({ name: 'follow-up', at: follow, event: reminder('b', follow) });
    };
    await scheduler.advance(new Date('2027-02-01T00:00:00Z'));
    expect(fired.map(({ name, at }) => [name, at])).toEqual([
      ['first', '2027-01-21T10:00:00.000Z'],
      ['follow-up', '2027-01-24T10:00:00.000Z'],
    ]);
  });

  it('fires same-instant schedules in creation order, and an overdue one at once without moving the clock back', async () => {
    const at = new Date('2027-02-02T00:00:00Z');
    for (const name of ['b', 'a', 'c']) await putSchedule({ name, at, event: reminder(name, at) });
    await scheduler.advance(new Date('2027-02-03T00:00:00Z'));
    expect(fired.map((f) => f.name)).toEqual(['b', 'a', 'c']);
    const past = new Date('2027-01-01T00:00:00Z');
    await putSchedule({ name: 'overdue', at: past, event: reminder('o', past) });
    await scheduler.advance(clock);
    expect(fired.at(-1)).toMatchObject({ name: 'overdue', at: '2027-02-03T00:00:00.000Z' });
  });

  it('keeps schedules across restarts in the data folder', async () => {
    const at = new Date('2027-03-01T00:00:00Z');
    await putSchedule({ name: 'kept', at, event: reminder('k', at) });
    const again = make();
    expect(again.list().map((s) => [s.name, s.at])).toEqual([['kept', '2027-03-01T00:00:00.000Z']]);
    again.close();
  });

  it('sends a schedule whose input the bus would refuse to the dead-letter list', async () => {
    const client = new SchedulerClient({});
    await client.send(
      new CreateScheduleCommand({
        Name: 'broken',
        GroupName: 'hearth-test',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ScheduleExpression: 'at(2027-03-02T00:00:00)',
        Target: { Arn: BUS_ARN, RoleArn: 'arn:aws:iam::000000000000:role/r', Input: 'not json', EventBridgeParameters: { Source: 'hearth.schedule', DetailType: 'X' } },
      }),
    );
    await scheduler.advance(new Date('2027-03-03T00:00:00Z'));
    expect(fired).toEqual([]);
    expect(deadLetters).toEqual([{ name: 'broken', reason: expect.stringMatching(/not JSON/) }]);
  });
});
