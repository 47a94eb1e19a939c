import { randomUUID } from 'node:crypto';

/**
 * The local EventBridge bus with Lambda's asynchronous invocation semantics. Each event goes to every
 * subscription whose source and detail-type match exactly (what the stack's rules match on AWS),
 * never inside the publisher's call. A delivery gets up to `maxAttempts` attempts with backoff
 * (Lambda: 3 attempts, about 1 and 2 minutes apart; here 100 ms and 400 ms by default); after the
 * last failed attempt the event lands in the dead-letter list with the error as reason.
 *
 * At most `concurrency` invocations of one function run at once; further deliveries wait in order,
 * counted as pending, as in Lambda's asynchronous queue when a function is at its concurrency. This
 * is a local guard for one machine's memory: on AWS, no per-function limit is set.
 *
 * Chaos switches make the at-least-once contract visible: `chaosDuplicate` delivers an event twice
 * (two independent deliveries, each with its own retries) and `chaosFailure` fails an attempt,
 * half the time before the handler runs and half the time after it ran to completion (its side
 * effects stay, like a Lambda that times out after writing). Injected failures never hit the last
 * attempt, so chaos alone never dead-letters an event: every dead letter is a real failure.
 */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface Attempt {
  /** 1-based. */
  attempt: number;
  /** True for the extra delivery chaosDuplicate added. */
  duplicate: boolean;
}

export interface Subscription {
  /** The Lambda function name; used in logs and dead letters. */
  name: string;
  source: string;
  detailType: string;
  invoke(event: BusEvent, attempt: Attempt): Promise<unknown>;
}

export interface DeadLetter {
  /** Names this dead letter for a redrive (`npm run hearth -- dead-letters redrive --id`). */
  id: string;
  functionName: string;
  source: string;
  detailType: string;
  reason: string;
  /** Attempts made; 0 when the handler itself sent the event to its dead-letter queue (SendMessage). */
  attempts: number;
  event: unknown;
  at: string;
}

export interface BusStats {
  /** Deliveries not finished yet: running, waiting for a retry, or a duplicate not started yet. */
  pending: number;
  /** Deliveries that ended with a successful attempt. */
  delivered: number;
  /** Events published (accepted by PutEvents or publishLocal). */
  published: number;
  /** The last RECENT_EVENTS events published, newest last (Hearth's events carry ids only). */
  recent: { time: string; source: string; detailType: string; detail: unknown }[];
  deadLetters: DeadLetter[];
}

export interface BusOptions {
  subscriptions: readonly Subscription[];
  /** First retry delay; the second is 4×. Default 100 ms. */
  retryBaseMs?: number;
  /** Default 3 (Lambda's default of 2 retries). */
  maxAttempts?: number;
  /** Probability 0..1 that a delivery happens twice. */
  chaosDuplicate?: number;
  /** Probability 0..1 that an attempt (not the last) fails. */
  chaosFailure?: number;
  /** At most this many invocations of one function at once (a local memory guard); default unlimited. */
  concurrency?: number;
  /** Delay before a duplicate starts; default random up to 50 ms. */
  duplicateDelayMs?: () => number;
  random?: () => number;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface Redrive {
  /** Delivered again, each to its one function (with the usual retries): no longer dead letters. */
  redriven: DeadLetter[];
  /** Kept: no function of the bus delivers it (a schedule's dead letter), or no such id. */
  refused: { id: string; reason: string }[];
}

export interface Bus {
  publish(event: BusEvent): void;
  /** Records a dead letter that did not come from exhausted retries (a handler's SendMessage). */
  addDeadLetter(deadLetter: Omit<DeadLetter, 'id'>): void;
  /**
   * Delivers dead letters again (all, or those with the given ids), each to the one function it
   * failed in, never to the other consumers of its event. Their consumers are idempotent, so a
   * redriven event that had half-succeeded does nothing twice.
   */
  redrive(ids?: readonly string[]): Redrive;
  stats(): BusStats;
  /** Resolves true once nothing is pending, false after timeoutMs. */
  idle(timeoutMs: number): Promise<boolean>;
  /**
   * Holds new deliveries back (they count as pending) until release(): lets a benchmark measure the
   * request path alone, as on AWS where consumers run on their own capacity.
   */
  hold(): void;
  release(): void;
  /** Stops all timers; pending deliveries are abandoned. */
  close(): void;
}

export class InjectedFailure extends Error {
  constructor(readonly when: 'before' | 'after') {
    super(`Injected failure (HEARTH_CHAOS_FAILURE) ${when === 'before' ? 'before the handler ran' : 'after the handler ran to completion'}`);
    this.name = 'InjectedFailure';
  }
}

const RECENT_EVENTS = 200;

export const backoffMs = (retryBaseMs: number, failedAttempt: number): number => retryBaseMs * 4 ** (failedAttempt - 1);

const probability = (name: string, value: number | undefined): number => {
  const p = value ?? 0;
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`${name} must be a probability between 0 and 1, got ${value}`);
  return p;
};

export const createBus = (options: BusOptions): Bus => {
  const retryBaseMs = options.retryBaseMs ?? 100;
  const maxAttempts = options.maxAttempts ?? 3;
  const chaosDuplicate = probability('chaosDuplicate', options.chaosDuplicate);
  const chaosFailure = probability('chaosFailure', options.chaosFailure);
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const duplicateDelayMs = options.duplicateDelayMs ?? (() => Math.floor(random() * 50));

  let pending = 0;
  let delivered = 0;
  let published = 0;
  const recent: BusStats['recent'] = [];
  let closed = false;
  const deadLetters: DeadLetter[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const idleWaiters = new Set<(idle: boolean) => void>();

  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${options.concurrency}`);
  const running = new Map<string, number>();
  const waiting = new Map<string, (() => void)[]>();
  /** Runs `work` when the function has a free slot; the rest wait in order. */
  const withSlot = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    if ((running.get(name) ?? 0) >= concurrency) {
      await new Promise<void>((resolveSlot) => {
        const queue = waiting.get(name) ?? [];
        queue.push(resolveSlot);
        waiting.set(name, queue);
      });
    } else running.set(name, (running.get(name) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const next = waiting.get(name)?.shift();
      // The slot passes straight to the next waiting delivery, or is freed.
      if (next) next();
      else running.set(name, (running.get(name) ?? 1) - 1);
    }
  };

  let held: (() => void)[] | undefined;
  const start = (ms: number, run: () => void) => {
    if (held) held.push(() => later(ms, run));
    else later(ms, run);
  };

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, ms);
    timers.add(timer);
  };

  const finish = () => {
    pending--;
    if (pending === 0) for (const wake of [...idleWaiters]) wake(true);
  };

  const deliver = (subscription: Subscription, event: BusEvent, duplicate: boolean) => {
    const label = `${subscription.name} ← ${event.source} / ${event['detail-type']} (${event.id}${duplicate ? ', duplicate' : ''})`;
    const attempt = async (n: number): Promise<void> => {
      const last = n >= maxAttempts;
      const inject = !last && chaosFailure > 0 && random() < chaosFailure ? (random() < 0.5 ? 'before' : 'after') : undefined;
      try {
        if (inject === 'before') throw new InjectedFailure('before');
        await withSlot(subscription.name, () => subscription.invoke(structuredClone(event), { attempt: n, duplicate }));
        if (inject === 'after') throw new InjectedFailure('after');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (closed) return;
        if (last) {
          deadLetters.push({
            id: randomUUID(),
            functionName: subscription.name,
            source: event.source,
            detailType: event['detail-type'],
            reason,
            attempts: n,
            event,
            at: now().toISOString(),
          });
          log(`[bus] ${label}: attempt ${n} failed (${reason}); dead-lettered after ${n} attempts`);
          finish();
          return;
        }
        const wait = backoffMs(retryBaseMs, n);
        log(`[bus] ${label}: attempt ${n} failed (${reason}); retrying in ${wait} ms`);
        later(wait, () => void attempt(n + 1));
        return;
      }
      delivered++;
      finish();
    };
    return attempt;
  };

  return {
    publish(event) {
      if (closed) return;
      published++;
      recent.push({ time: event.time, source: event.source, detailType: event['detail-type'], detail: event.detail });
      if (recent.length > RECENT_EVENTS) recent.shift();
      for (const subscription of options.subscriptions) {
        if (subscription.source !== event.source || subscription.detailType !== event['detail-type']) continue;
        pending++;
        start(0, () => void deliver(subscription, event, false)(1));
        if (chaosDuplicate > 0 && random() < chaosDuplicate) {
          pending++;
          log(`[bus] ${subscription.name} ← ${event['detail-type']} (${event.id}): chaos duplicate`);
          start(duplicateDelayMs(), () => void deliver(subscription, event, true)(1));
        }
      }
    },
    addDeadLetter(entry) {
      const deadLetter = { id: randomUUID(), ...entry };
      deadLetters.push(deadLetter);
      log(`[bus] ${deadLetter.functionName} sent ${deadLetter.source} / ${deadLetter.detailType} to its dead-letter queue: ${deadLetter.reason}`);
    },
    redrive(ids) {
      const result: Redrive = { redriven: [], refused: [] };
      const wanted = ids ? new Set(ids) : undefined;
      for (const id of wanted ?? []) if (!deadLetters.some((deadLetter) => deadLetter.id === id)) result.refused.push({ id, reason: 'No dead letter with this id' });
      for (const deadLetter of [...deadLetters]) {
        if (wanted && !wanted.has(deadLetter.id)) continue;
        const subscription = options.subscriptions.find(
          (candidate) => candidate.name === deadLetter.functionName && candidate.source === deadLetter.source && candidate.detailType === deadLetter.detailType,
        );
        const event = deadLetter.event as Partial<BusEvent> | undefined;
        if (!subscription || event?.source !== subscription.source || event['detail-type'] !== subscription.detailType) {
          result.refused.push({ id: deadLetter.id, reason: 'Not an event delivery to a function of the bus' });
          continue;
        }
        deadLetters.splice(deadLetters.indexOf(deadLetter), 1);
        result.redriven.push(deadLetter);
        log(`[bus] redriving ${deadLetter.source} / ${deadLetter.detailType} to ${subscription.name} (dead letter ${deadLetter.id})`);
        pending++;
        start(0, () => void deliver(subscription, event as BusEvent, false)(1));
      }
      return result;
    },
    stats: () => ({ pending, delivered, published, recent: [...recent], deadLetters: [...deadLetters] }),
    idle(timeoutMs) {
      if (pending === 0) return Promise.resolve(true);
      return new Promise((resolvePromise) => {
        const wake = (idle: boolean) => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolvePromise(idle);
        };
        const timer = setTimeout(() => {
          idleWaiters.delete(wake);
          resolvePromise(pending === 0);
        }, timeoutMs);
        idleWaiters.add(wake);
      });
    },
    hold() {
      held ??= [];
    },
    release() {
      const queued = held ?? [];
      held = undefined;
      for (const run of queued) run();
    },
    close() {
      closed = true;
      held = undefined;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const wake of [...idleWaiters]) wake(pending === 0);
    },
  };
};

/** An EventBridge event as a rule target receives it. */
export const eventBridgeEvent = (input: {
  source: string;
  detailType: string;
  detail: unknown;
  time?: Date | string;
  resources?: string[];
  id?: string;
}): BusEvent => ({
  version: '0',
  id: input.id ?? randomUUID(),
  'detail-type': input.detailType,
  source: input.source,
  account: '000000000000',
  time: eventTime(input.time ?? new Date()),
  region: 'us-east-1',
  resources: input.resources ?? [],
  detail: input.detail,
});

/** EventBridge writes `time` to the second: 2026-01-01T10:00:00Z. */
export const eventTime = (time: Date | string): string => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
