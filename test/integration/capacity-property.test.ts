import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbChaos, type DynamoDbChaos } from '../../infra/local/dynamodb-chaos';
import { MAX_ATTEMPTS } from '../../shared/db/retry';
import { Refused } from '../../shared/kernel/refusal';
import { workshopItem } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type LocalHandle } from '../support/local';

/**
 * Property: whatever the interleaving of registrations, cancellations and capacity changes, the
 * capacity rule holds. The domain functions run in this process against the runtime's DynamoDB
 * Local, concurrently with the runtime's own consumers (promotions) reacting to the events.
 */
let hearth: LocalHandle;
/** Between this process and DynamoDB Local; refuses nothing until a test turns it up. */
let chaos: DynamoDbChaos;
let domain: {
  register: typeof import('../../shared/workshops/register').register;
  cancelRegistration: typeof import('../../shared/workshops/cancel').cancelRegistration;
  updateWorkshop: typeof import('../../shared/workshops/workshops').updateWorkshop;
  createWorkshop: typeof import('../../shared/workshops/workshops').createWorkshop;
  publishWorkshop: typeof import('../../shared/workshops/workshops').publishWorkshop;
  RegistrationStore: typeof import('../../shared/workshops/registration-store').RegistrationStore;
  WorkshopStore: typeof import('../../shared/workshops/workshop-store').WorkshopStore;
};

beforeAll(async () => {
  hearth = await startLocal();
  chaos = await createDynamoDbChaos({ target: hearth.dynamoEndpoint, probability: 0 });
  await useRuntimeInThisProcess(hearth, { LOG_LEVEL: 'ERROR', AWS_ENDPOINT_URL_DYNAMODB: chaos.url });
  domain = {
    ...(await import('../../shared/workshops/register')),
    ...(await import('../../shared/workshops/cancel')),
    ...(await import('../../shared/workshops/workshops')),
    ...(await import('../../shared/workshops/registration-store')),
    ...(await import('../../shared/workshops/workshop-store')),
  };
});

afterAll(async () => {
  await chaos?.close();
  await hearth?.stop();
});

type Op = { kind: 'register'; who: number } | { kind: 'cancel'; who: number } | { kind: 'capacity'; to: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('register' as const), who: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), who: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), to: fc.integer({ min: 1, max: 5 }) }) },
);

const email = (who: number) => (who % 2 ? `Person${who}@Example.org` : ` person${who}@example.org`);

const run = async (workshopId: string, step: Op) => {
  const at = new Date();
  try {
    if (step.kind === 'register') await domain.register(workshopId, { email: email(step.who), consent: true }, at);
    else if (step.kind === 'cancel') {
      const registration = await domain.RegistrationStore.findByEmail(workshopId, email(step.who));
      if (registration) await domain.cancelRegistration(workshopId, registration.id, 'registrant', at);
    } else await domain.updateWorkshop(workshopId, { capacity: step.to }, at);
  } catch (error) {
    // Refusals are answers (full, capacity below confirmed: not-found and conflict, what the edge
    // answers 404 and 409); anything else fails the property.
    if (!(error instanceof Refused && ['not-found', 'conflict'].includes(error.refusal.refused))) throw error;
  }
};

const newWorkshop = async (capacity: number) => {
  const at = new Date();
  const start = new Date(at.getTime() + 7 * 24 * 3600 * 1000);
  const workshop = await domain.createWorkshop(
    {
      title: 'Property circle',
      description: '',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3600 * 1000).toISOString(),
      timezone: 'UTC',
      capacity,
      waitlist: true,
      location: 'Room 1',
    },
    at,
  );
  await domain.publishWorkshop(workshop.id, at);
  return workshop;
};

const invariants = async (workshopId: string) => {
  const workshop = (await domain.WorkshopStore.get(workshopId))!;
  const registrations = await domain.RegistrationStore.listForWorkshop(workshopId);
  const waitlist = await domain.RegistrationStore.waitlist(workshopId);
  const confirmed = registrations.filter((r) => r.status === 'confirmed');
  const waiting = registrations.filter((r) => r.status === 'waitlisted');
  expect(confirmed.length).toBe(workshop.confirmedCount);
  expect(confirmed.length).toBeLessThanOrEqual(workshop.capacity);
  const active = registrations.filter((r) => r.status !== 'cancelled').map((r) => r.email);
  expect(new Set(active).size).toBe(active.length);
  expect(new Set(waitlist.map((w) => w.ticket)).size).toBe(waitlist.length);
  expect(waitlist.map((w) => w.registrationId).sort()).toEqual(waiting.filter((r) => r.waitlistTicket !== undefined).map((r) => r.id).sort());
  expect(waiting.every((r) => r.waitlistTicket !== undefined)).toBe(true);
  expect(workshop.waitlistCount).toBe(waiting.length);
  // Nobody waits while a seat is free.
  if (waiting.length > 0) expect(confirmed.length).toBe(workshop.capacity);
};

describe('the capacity rule', () => {
  it('holds under arbitrary interleavings of register, cancel and capacity change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 3 }), async (groups, capacity) => {
        const workshop = await newWorkshop(capacity);
        for (const group of groups) {
          // The steps of a group race each other and the runtime's own consumers (promotions).
          await Promise.all(group.map((step) => run(workshop.id, step)));
          // Reads of several items are not one snapshot: check once the consumers are done.
          await hearth.waitForIdle();
          await invariants(workshop.id);
        }
      }),
      { numRuns: 30, interruptAfterTimeLimit: 240_000 },
    );
  }, 300_000);
});

/**
 * Real DynamoDB refuses contended writes (TransactionConflict) and throttles; DynamoDB Local never
 * does. So this process reaches DynamoDB Local through the HEARTH_CHAOS_DYNAMODB proxy, which
 * refuses a share of the calls as DynamoDB does, and registration must still take exactly one seat
 * per person.
 */
describe('contention and throttling (HEARTH_CHAOS_DYNAMODB)', () => {
  const faults = () => Object.values(chaos.faults()).reduce((sum, n) => sum + n, 0);

  it('are retried: every registration lands once, each seat taken once', async () => {
    const workshop = await newWorkshop(3);
    const before = faults();
    chaos.setProbability(0.25);
    const outcomes = [];
    try {
      for (let i = 0; i < 6; i++) outcomes.push(await domain.register(workshop.id, { email: `contended-${i}@example.org`, consent: true }, new Date()));
    } finally {
      chaos.setProbability(0);
    }
    expect(faults() - before).toBeGreaterThan(0);
    expect(outcomes.map((outcome) => outcome.result.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted', 'waitlisted']);
    await hearth.waitForIdle();
    const stored = (await domain.WorkshopStore.get(workshop.id))!;
    expect(stored).toMatchObject({ confirmedCount: 3, waitlistSeq: 3, waitlistCount: 3 });
    expect(await domain.RegistrationStore.listForWorkshop(workshop.id)).toHaveLength(6);
    await invariants(workshop.id);
  });

  it('are given up after a bounded number of attempts, and nothing is written', async () => {
    const workshop = await newWorkshop(3);
    const before = faults();
    chaos.setProbability(1);
    try {
      await expect(domain.register(workshop.id, { email: 'stuck@example.org', consent: true }, new Date())).rejects.toThrow(/TransactionConflict|Throughput exceeds/);
    } finally {
      chaos.setProbability(0);
    }
    expect(faults() - before).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
    expect(faults() - before).toBeLessThan(100);
    expect((await domain.WorkshopStore.get(workshop.id))!.confirmedCount).toBe(0);
    expect(await domain.RegistrationStore.listForWorkshop(workshop.id)).toHaveLength(0);
  });
});

describe('a workshop that has started', () => {
  it('refuses registration with 409 and a clear message, and stores nothing', async () => {
    const at = new Date();
    const past = new Date(at.getTime() - 3600 * 1000);
    const id = `started-${Date.now()}`;
    // Time passes: written as it would be an hour after it was published.
    await domain.WorkshopStore.create(workshopItem(id, past, past, { title: 'Started circle', endsAt: new Date(past.getTime() + 2 * 3600 * 1000).toISOString(), capacity: 5 }));
    const response = await fetch(`${hearth.baseUrl}/api/workshops/${id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@example.org', consent: true }),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/already started/);
    expect(await domain.RegistrationStore.listForWorkshop(id)).toHaveLength(0);
    expect((await domain.WorkshopStore.get(id))!.confirmedCount).toBe(0);
  });
});
