import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ACCOUNT_ID, REGION } from './lambda';

/**
 * EventBridge Scheduler, locally: the one-time schedules handlers create through the real SDK
 * (shared/events/scheduler.ts → AWS_ENDPOINT_URL_SCHEDULER → the internal AWS endpoint → here),
 * fired by the one clock.
 *
 * - The REST API subset Hearth uses: CreateSchedule (POST /schedules/{Name}, 409 if it exists),
 *   UpdateSchedule (PUT, 404 if missing), GetSchedule (GET), DeleteSchedule (DELETE, 404 if missing),
 *   ListSchedules (GET /schedules). Only one-time `at(...)` expressions in UTC with an EventBridge
 *   bus target, as Hearth creates them; anything else is a ValidationException.
 * - Firing: `advance(to)` fires every schedule due up to `to` in order of its instant (then of
 *   creation), each at its own instant: the clock is set to it, the schedule is deleted
 *   (ActionAfterCompletion DELETE), its event goes on the bus as Scheduler's PutEvents would, and the
 *   next one waits until the deliveries it caused have finished. So a schedule created by a delivery
 *   (a reminder of a survey) fires in the same advance if it fell due. A ticker does the same every
 *   second for the real passage of time while `npm start` runs.
 * - Schedules persist in <dataDir>/schedules.json, like the DynamoDB files beside it.
 */
export interface LocalSchedule {
  name: string;
  groupName: string;
  /** The instant it fires, ISO 8601 UTC. */
  at: string;
  expression: string;
  source: string;
  detailType: string;
  /** The event's detail, as a JSON string (Scheduler's Target.Input). */
  input: string;
  targetArn: string;
  deadLetterArn?: string;
  createdAt: string;
  /** Creation order, for schedules due at the same instant. */
  seq: number;
}

export interface LocalSchedulerOptions {
  /** The bus ARN schedules may target. */
  busArn: string;
  now: () => Date;
  /** Moves the one clock forward (shared/clock.ts setLocalClock). */
  setClock: (to: Date) => void;
  /** Puts the fired schedule's event on the bus. */
  fire: (schedule: LocalSchedule, detail: unknown) => void;
  /** A schedule whose target cannot take its input: Scheduler's dead-letter queue. */
  deadLetter: (schedule: LocalSchedule, reason: string) => void;
  /** Resolves true once the bus has no pending delivery (false on timeout). */
  idle: () => Promise<boolean>;
  /** Where schedules are kept across restarts; none: in memory only. */
  file?: string;
  log?: (line: string) => void;
}

export interface RestAnswer {
  status: number;
  body: unknown;
  /** x-amzn-errortype for errors. */
  errorType?: string;
}

export interface LocalScheduler {
  /** The Scheduler REST API; undefined when the path is not Scheduler's. */
  handle(method: string, url: URL, body: unknown): RestAnswer | undefined;
  /** Fires everything due up to `to` in order, then sets the clock to `to`; answers how many fired. */
  advance(to: Date): Promise<{ fired: number; idle: boolean }>;
  list(): LocalSchedule[];
  /** Fires due schedules as real time passes. */
  startTicker(intervalMs?: number): void;
  close(): void;
}

const NAME = /^[0-9A-Za-z_.-]{1,64}$/;
const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

class SchedulerError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const validation = (message: string) => new SchedulerError(400, 'ValidationException', message);

export const createLocalScheduler = (options: LocalSchedulerOptions): LocalScheduler => {
  const schedules = new Map<string, LocalSchedule>();
  let seq = 0;
  const keyOf = (group: string, name: string) => `${group}/${name}`;
  const log = options.log ?? (() => undefined);

  if (options.file && existsSync(options.file)) {
    try {
      const saved = JSON.parse(readFileSync(options.file, 'utf8')) as LocalSchedule[];
      for (const schedule of saved) {
        schedules.set(keyOf(schedule.groupName, schedule.name), schedule);
        seq = Math.max(seq, schedule.seq);
      }
    } catch (error) {
      log(`[hearth] warning: could not read ${options.file} (${error instanceof Error ? error.message : String(error)}); starting with no schedules`);
    }
  }

  const save = () => {
    if (!options.file) return;
    const temporary = `${options.file}.tmp`;
    writeFileSync(temporary, JSON.stringify([...schedules.values()], null, 1));
    renameSync(temporary, options.file);
  };

  const arnOf = (schedule: Pick<LocalSchedule, 'groupName' | 'name'>) =>
    `arn:aws:scheduler:${REGION}:${ACCOUNT_ID}:schedule/${schedule.groupName}/${schedule.name}`;

  const parse = (name: string, input: Record<string, unknown>, existing?: LocalSchedule): LocalSchedule => {
    if (!NAME.test(name)) throw validation(`Name ${name} must match [0-9a-zA-Z-_.]{1,64}`);
    const groupName = typeof input.GroupName === 'string' && input.GroupName ? input.GroupName : 'default';
    const expression = input.ScheduleExpression;
    if (typeof expression !== 'string') throw validation('ScheduleExpression is required');
    const match = AT.exec(expression);
    if (!match) throw validation(`The local scheduler only runs one-time at(yyyy-mm-ddThh:mm:ss) schedules, not ${expression}`);
    const zone = input.ScheduleExpressionTimezone ?? 'UTC';
    if (zone !== 'UTC') throw validation(`The local scheduler only runs schedules in UTC, not ${String(zone)}`);
    const at = new Date(`${match[1]}Z`);
    if (Number.isNaN(at.getTime())) throw validation(`Invalid at() expression ${expression}`);
    const window = input.FlexibleTimeWindow as { Mode?: unknown } | undefined;
    if (!window || (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE')) throw validation('FlexibleTimeWindow.Mode is required');
    if (input.State === 'DISABLED') throw validation('The local scheduler does not keep disabled schedules');
    const target = input.Target as
      | { Arn?: unknown; RoleArn?: unknown; Input?: unknown; EventBridgeParameters?: { Source?: unknown; DetailType?: unknown }; DeadLetterConfig?: { Arn?: unknown } }
      | undefined;
    if (!target || typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string') throw validation('Target.Arn and Target.RoleArn are required');
    if (target.Arn !== options.busArn) throw validation(`The local scheduler only targets Hearth's bus ${options.busArn}, not ${target.Arn}`);
    const parameters = target.EventBridgeParameters;
    if (!parameters || typeof parameters.Source !== 'string' || typeof parameters.DetailType !== 'string' || !parameters.Source || !parameters.DetailType) {
      throw validation('Target.EventBridgeParameters needs Source and DetailType for an event bus target');
    }
    if (parameters.Source.startsWith('aws.')) throw validation('Source must not start with aws.');
    if (typeof target.Input !== 'string' || target.Input === '') throw validation('Target.Input is required for an event bus target');
    return {
      name,
      groupName,
      at: at.toISOString(),
      expression,
      source: parameters.Source,
      detailType: parameters.DetailType,
      input: target.Input,
      targetArn: target.Arn,
      ...(typeof target.DeadLetterConfig?.Arn === 'string' ? { deadLetterArn: target.DeadLetterConfig.Arn } : {}),
      createdAt: existing?.createdAt ?? options.now().toISOString(),
      seq: ++seq,
    };
  };

  const api = (method: string, url: URL, body: unknown): RestAnswer => {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (url.pathname === '/schedules' && method === 'GET') {
      const group = url.searchParams.get('ScheduleGroup');
      const items = [...schedules.values()].filter((schedule) => !group || schedule.groupName === group);
      return {
        status: 200,
        body: {
          Schedules: items.map((schedule) => ({
            Arn: arnOf(schedule),
            GroupName: schedule.groupName,
            Name: schedule.name,
            State: 'ENABLED',
            Target: { Arn: schedule.targetArn },
          })),
        },
      };
    }
    const name = decodeURIComponent(url.pathname.slice('/schedules/'.length));
    const group = (method === 'GET' || method === 'DELETE' ? url.searchParams.get('groupName') : (input.GroupName as string | undefined)) || 'default';
    const key = keyOf(group, name);
    const existing = schedules.get(key);
    const missing = () => new SchedulerError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
    switch (method) {
      case 'POST': {
        if (existing) throw new SchedulerError(409, 'ConflictException', `Schedule ${name} already exists.`);
        const schedule = parse(name, input);
        schedules.set(key, schedule);
        save();
        return { status: 200, body: { ScheduleArn: arnOf(schedule) } };
      }
      case 'PUT': {
        if (!existing) throw missing();
        const schedule = parse(name, input, existing);
        schedules.set(key, schedule);
        save();
        return { status: 200, body: { ScheduleArn: arnOf(schedule) } };
      }
      case 'GET': {
        if (!existing) throw missing();
        return {
          status: 200,
          body: {
            Arn: arnOf(existing),
            GroupName: existing.groupName,
            Name: existing.name,
            ScheduleExpression: existing.expression,
            ScheduleExpressionTimezone: 'UTC',
            State: 'ENABLED',
            ActionAfterCompletion: 'DELETE',
            FlexibleTimeWindow: { Mode: 'OFF' },
            CreationDate: Math.floor(Date.parse(existing.createdAt) / 1000),
            Target: {
              Arn: existing.targetArn,
              RoleArn: 'arn:aws:iam::000000000000:role/local',
              Input: existing.input,
              EventBridgeParameters: { Source: existing.source, DetailType: existing.detailType },
            },
          },
        };
      }
      case 'DELETE': {
        if (!existing) throw missing();
        schedules.delete(key);
        save();
        return { status: 200, body: {} };
      }
      default:
        throw validation(`${method} is not a Scheduler operation`);
    }
  };

  const earliestDue = (until: Date): LocalSchedule | undefined => {
    let next: LocalSchedule | undefined;
    for (const schedule of schedules.values()) {
      if (Date.parse(schedule.at) > until.getTime()) continue;
      if (!next || schedule.at < next.at || (schedule.at === next.at && schedule.seq < next.seq)) next = schedule;
    }
    return next;
  };

  // One advance at a time: the ticker and POST /dev/clock never interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const fireOne = (schedule: LocalSchedule) => {
    schedules.delete(keyOf(schedule.groupName, schedule.name));
    save();
    let detail: unknown;
    try {
      detail = JSON.parse(schedule.input);
    } catch {
      options.deadLetter(schedule, 'Target.Input is not JSON: the bus refused the event (MalformedDetail)');
      return;
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      options.deadLetter(schedule, 'Target.Input is not a JSON object: the bus refused the event (MalformedDetail)');
      return;
    }
    options.fire(schedule, detail);
  };

  const advance = (to: Date) =>
    exclusive(async () => {
      let fired = 0;
      let idle = true;
      for (let next = earliestDue(to); next; next = earliestDue(to)) {
        const at = new Date(next.at);
        // Each schedule fires at its own instant; one already overdue fires now (never backwards).
        if (at.getTime() > options.now().getTime()) options.setClock(at);
        fireOne(next);
        fired++;
        idle = (await options.idle()) && idle;
      }
      if (to.getTime() > options.now().getTime()) options.setClock(to);
      idle = (await options.idle()) && idle;
      return { fired, idle };
    });

  let ticker: NodeJS.Timeout | undefined;
  let ticking = false;

  return {
    handle(method, url, body) {
      if (url.pathname !== '/schedules' && !url.pathname.startsWith('/schedules/')) return undefined;
      try {
        return api(method, url, body);
      } catch (error) {
        if (error instanceof SchedulerError) return { status: error.status, body: { Message: error.message }, errorType: error.type };
        throw error;
      }
    },
    advance,
    list: () => [...schedules.values()].sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq),
    startTicker(intervalMs = 1000) {
      ticker = setInterval(() => {
        if (ticking || !earliestDue(options.now())) return;
        ticking = true;
        advance(options.now())
          .catch((error: unknown) => log(`[hearth] scheduler: ${error instanceof Error ? error.message : String(error)}`))
          .finally(() => {
            ticking = false;
          });
      }, intervalMs);
      ticker.unref();
    },
    close() {
      if (ticker) clearInterval(ticker);
    },
  };
};
