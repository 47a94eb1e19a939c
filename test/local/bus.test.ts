import { describe, expect, it } from 'vitest';
import { backoffMs, createBus, eventBridgeEvent, type Attempt, type BusEvent, type Subscription } from '../../infra/local/bus';

const event = (detailType = 'Registration Confirmed', source = 'hearth.registration') =>
  eventBridgeEvent({ source, detailType, detail: { eventId: 'evt-12345678', data: { n: 1 } } });

/** A subscription recording every call; `fail(attempt)` decides whether that call throws. */
const recorder = (name: string, fail: (call: number, attempt: Attempt) => boolean = () => false, detailType = 'Registration Confirmed') => {
  const calls: { event: BusEvent; attempt: Attempt; at: number }[] = [];
  const subscription: Subscription = {
    name,
    source: 'hearth.registration',
    detailType,
    invoke: async (received, attempt) => {
      calls.push({ event: received, attempt, at: Date.now() });
      if (fail(calls.length, attempt)) throw new Error(`${name} failed on call ${calls.length}`);
    },
  };
  return { subscription, calls };
};

/** A deterministic random source: answers the given values in turn, then `rest`. */
const sequence = (values: number[], rest = 0.99) => () => values.shift() ?? rest;

describe('the local bus', () => {
  it('delivers asynchronously to every exact source + detail-type match, and only those', async () => {
    const a = recorder('a');
    const b = recorder('b');
    const other = recorder('other', undefined, 'Registration Cancelled');
    const bus = createBus({ subscriptions: [a.subscription, b.subscription, other.subscription], retryBaseMs: 1 });
    const published = event();
    bus.publish(published);
    bus.publish(event('Registration Confirmed', 'hearth.elsewhere'));
    expect(a.calls).toHaveLength(0); // never inside publish
    expect(bus.stats().pending).toBe(2);
    expect(await bus.idle(2000)).toBe(true);
    expect(a.calls.map((call) => call.event)).toEqual([published]);
    expect(b.calls).toHaveLength(1);
    expect(other.calls).toHaveLength(0);
    expect(bus.stats()).toMatchObject({ pending: 0, delivered: 2, published: 2, deadLetters: [] });
  });

  it('retries a failing delivery with backoff (base, then 4×) and succeeds', async () => {
    const flaky = recorder('flaky', (call) => call < 3);
    const bus = createBus({ subscriptions: [flaky.subscription], retryBaseMs: 40 });
    bus.publish(event());
    expect(await bus.idle(5000)).toBe(true);
    expect(flaky.calls.map((call) => call.attempt.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = flaky.calls.map((call) => call.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(38);
    expect(third - second).toBeGreaterThanOrEqual(158);
    expect(bus.stats()).toMatchObject({ delivered: 1, deadLetters: [] });
    expect([backoffMs(100, 1), backoffMs(100, 2)]).toEqual([100, 400]);
  });

  it('dead-letters after 3 failed attempts with the error as reason, and counts the waits as pending', async () => {
    const broken = recorder('hearth-local-broken', () => true);
    const bus = createBus({ subscriptions: [broken.subscription], retryBaseMs: 30 });
    const published = event();
    bus.publish(published);
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(broken.calls).toHaveLength(1);
    expect(bus.stats().pending).toBe(1); // waiting for the retry
    expect(await bus.idle(5000)).toBe(true);
    expect(broken.calls).toHaveLength(3);
    const { deadLetters, delivered } = bus.stats();
    expect(delivered).toBe(0);
    expect(deadLetters).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        functionName: 'hearth-local-broken',
        source: 'hearth.registration',
        detailType: 'Registration Confirmed',
        reason: 'hearth-local-broken failed on call 3',
        attempts: 3,
        event: published,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('redrives a dead letter to the one function it failed in, and only once it is asked to', async () => {
    let broken = true;
    const failing = recorder('hearth-local-failing', () => broken);
    const other = recorder('hearth-local-other');
    const bus = createBus({ subscriptions: [failing.subscription, other.subscription], retryBaseMs: 1 });
    const published = event();
    bus.publish(published);
    expect(await bus.idle(5000)).toBe(true);
    const [deadLetter] = bus.stats().deadLetters;
    expect(deadLetter).toMatchObject({ functionName: 'hearth-local-failing', attempts: 3 });
    bus.addDeadLetter({ functionName: 'scheduler', source: 'hearth.schedule', detailType: 'Workshop Reminder Due', reason: 'x', attempts: 0, event: { name: 'a schedule' }, at: new Date().toISOString() });
    const schedule = bus.stats().deadLetters[1]!;

    broken = false;
    expect(bus.redrive(['no-such-id'])).toEqual({ redriven: [], refused: [{ id: 'no-such-id', reason: 'No dead letter with this id' }] });
    const redrive = bus.redrive([deadLetter!.id]);
    expect(redrive.redriven.map((entry) => entry.id)).toEqual([deadLetter!.id]);
    expect(await bus.idle(5000)).toBe(true);
    expect(failing.calls).toHaveLength(4);
    expect(failing.calls[3]!.event).toEqual(published);
    expect(other.calls).toHaveLength(1); // the other consumer of the event is not delivered it again
    expect(bus.stats().deadLetters.map((entry) => entry.id)).toEqual([schedule.id]);
    // A schedule's dead letter has no function of the bus to go to: it stays.
    expect(bus.redrive()).toEqual({ redriven: [], refused: [{ id: schedule.id, reason: 'Not an event delivery to a function of the bus' }] });
  });

  it('gives each attempt its own copy of the event', async () => {
    const seen: unknown[] = [];
    const bus = createBus({
      retryBaseMs: 1,
      subscriptions: [
        {
          name: 'mutating',
          source: 'hearth.registration',
          detailType: 'Registration Confirmed',
          invoke: async (received, attempt) => {
            seen.push(structuredClone(received.detail));
            (received.detail as { data: { n: number } }).data.n = 99;
            if (attempt.attempt === 1) throw new Error('once');
          },
        },
      ],
    });
    bus.publish(event());
    await bus.idle(2000);
    expect(seen).toEqual([
      { eventId: 'evt-12345678', data: { n: 1 } },
      { eventId: 'evt-12345678', data: { n: 1 } },
    ]);
  });

  it('chaosDuplicate delivers the same event twice, as two independent pending deliveries', async () => {
    const a = recorder('a');
    const bus = createBus({ subscriptions: [a.subscription], retryBaseMs: 1, chaosDuplicate: 1, duplicateDelayMs: () => 20 });
    const published = event();
    bus.publish(published);
    expect(bus.stats().pending).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(bus.stats().pending).toBe(1); // the duplicate has not started yet and still counts
    expect(await bus.idle(2000)).toBe(true);
    expect(a.calls.map((call) => [call.event.id, call.attempt.duplicate])).toEqual([
      [published.id, false],
      [published.id, true],
    ]);
    expect(bus.stats().delivered).toBe(2);
  });

  it('a duplicate has its own retries', async () => {
    // The original succeeds; the duplicate fails once and is retried.
    const a = recorder('a', (_call, attempt) => attempt.duplicate && attempt.attempt === 1);
    const bus = createBus({ subscriptions: [a.subscription], retryBaseMs: 5, chaosDuplicate: 1, duplicateDelayMs: () => 1 });
    bus.publish(event());
    await bus.idle(2000);
    expect(a.calls.map((call) => `${call.attempt.duplicate ? 'dup' : 'orig'}#${call.attempt.attempt}`).sort()).toEqual(['dup#1', 'dup#2', 'orig#1']);
    expect(bus.stats()).toMatchObject({ delivered: 2, deadLetters: [] });
  });

  it('chaosFailure "before" skips the handler, and never fails the last attempt', async () => {
    const a = recorder('a');
    // Each attempt draws: fail? (0 → yes), then before/after (0.1 → before). The last attempt draws nothing.
    const bus = createBus({ subscriptions: [a.subscription], retryBaseMs: 1, chaosFailure: 1, random: sequence([0, 0.1, 0, 0.1]) });
    bus.publish(event());
    await bus.idle(2000);
    expect(a.calls.map((call) => call.attempt.attempt)).toEqual([3]);
    expect(bus.stats()).toMatchObject({ delivered: 1, deadLetters: [] });
  });

  it('chaosFailure "after" runs the handler to completion and still retries (side effects repeat)', async () => {
    const a = recorder('a');
    const bus = createBus({ subscriptions: [a.subscription], retryBaseMs: 1, chaosFailure: 1, random: sequence([0, 0.9, 0, 0.9]) });
    bus.publish(event());
    await bus.idle(2000);
    expect(a.calls.map((call) => call.attempt.attempt)).toEqual([1, 2, 3]);
    expect(bus.stats()).toMatchObject({ delivered: 1, deadLetters: [] });
  });

  it('chaos at probability 1 never dead-letters a healthy handler; a real failure still does', async () => {
    const healthy = recorder('healthy');
    const broken = recorder('broken', () => true);
    const bus = createBus({ subscriptions: [healthy.subscription, broken.subscription], retryBaseMs: 1, chaosFailure: 1, chaosDuplicate: 1, duplicateDelayMs: () => 0 });
    for (let i = 0; i < 5; i++) bus.publish(event());
    expect(await bus.idle(5000)).toBe(true);
    const stats = bus.stats();
    expect(stats.delivered).toBe(10);
    expect(stats.deadLetters).toHaveLength(10);
    expect(stats.deadLetters.every((letter) => letter.functionName === 'broken' && letter.attempts === 3)).toBe(true);
    expect(stats.deadLetters.every((letter) => letter.reason.startsWith('broken failed'))).toBe(true);
  });

  it('hold() keeps new deliveries pending until release()', async () => {
    const a = recorder('a');
    const bus = createBus({ subscriptions: [a.subscription], retryBaseMs: 1 });
    bus.hold();
    bus.publish(event());
    expect(await bus.idle(100)).toBe(false);
    expect(a.calls).toHaveLength(0);
    expect(bus.stats().pending).toBe(1);
    bus.release();
    expect(await bus.idle(2000)).toBe(true);
    expect(a.calls).toHaveLength(1);
  });

  it('idle() answers false after its timeout while a delivery is still pending', async () => {
    const slow: Subscription = {
      name: 'slow',
      source: 'hearth.registration',
      detailType: 'Registration Confirmed',
      invoke: () => new Promise((resolve) => setTimeout(resolve, 300)),
    };
    const bus = createBus({ subscriptions: [slow] });
    bus.publish(event());
    expect(await bus.idle(50)).toBe(false);
    expect(await bus.idle(2000)).toBe(true);
  });

  it('runs at most `concurrency` invocations of one function at once; the rest wait in order, counted as pending', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const limited: Subscription = {
      name: 'limited',
      source: 'hearth.registration',
      detailType: 'Registration Confirmed',
      invoke: async (received) => {
        running++;
        most = Math.max(most, running);
        order.push((received.detail as { data: { n: number } }).data.n);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
      },
    };
    const other = recorder('other');
    const bus = createBus({ subscriptions: [limited, other.subscription], concurrency: 3, retryBaseMs: 1 });
    for (let n = 0; n < 12; n++) bus.publish(eventBridgeEvent({ source: 'hearth.registration', detailType: 'Registration Confirmed', detail: { data: { n } } }));
    expect(bus.stats().pending).toBe(24);
    expect(await bus.idle(5000)).toBe(true);
    expect(most).toBe(3);
    expect(order).toEqual([...Array(12).keys()]);
    // The limit is per function: the other function was not held back by this one.
    expect(other.calls).toHaveLength(12);
    expect(bus.stats()).toMatchObject({ pending: 0, delivered: 24 });
    expect(() => createBus({ subscriptions: [], concurrency: 0 })).toThrow(/at least 1/);
  });

  it('rejects probabilities outside 0..1', () => {
    expect(() => createBus({ subscriptions: [], chaosFailure: 1.5 })).toThrow(/between 0 and 1/);
    expect(() => createBus({ subscriptions: [], chaosDuplicate: -0.1 })).toThrow(/between 0 and 1/);
  });
});
