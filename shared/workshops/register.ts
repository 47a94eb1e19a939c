import { randomUUID } from 'node:crypto';
import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { transact, type TransactItem } from '../db/transact';
import { workshopCancelled, workshopFull, workshopNotFound, workshopStarted } from './errors';
import { RegistrationConfirmed, RegistrationRepeated, RegistrationWaitlisted, confirmedEventId, repeatedEventId, waitlistedEventId } from './events';
import { fillSeats } from './fill-seats';
import { checkRegistrationLimits } from './limits';
import { type RegistrationInput, type RegistrationResult } from './model';
import { RegistrationStore, type RegistrationItem } from './registration-store';
import { WorkshopStore, type WorkshopItem } from './workshop-store';
import { normalizeEmail } from '../kernel/email';

export interface RegisterOutcome {
  result: RegistrationResult;
  /** False when this email already held a registration: the existing one is returned, no new seat. */
  created: boolean;
}


const MAX_ROUNDS = 8;

/**
 * Registers an email for a workshop.
 * 1. A seat is taken in one transaction with the email claim: never more confirmed than capacity,
 *    never two registrations for one email, and only while the workshop is published and ahead.
 * 2. If that fails, the state says why. A draft, cancelled or started workshop is refused, the same
 *    way for every address. The same email (case and whitespace ignored) keeps its registration:
 *    Registration Repeated is published (its consumer mails the owner what they already have), and
 *    the answer is what a new address would get now (refused if full without a waitlist).
 * 3. A seat freed meanwhile is tried again.
 * 4. When full and the workshop keeps a waitlist, the registration joins it (same claim rule) and
 *    gets a ticket from one atomic counter: positions are unique and first come, first served.
 * 5. The resulting event (confirmed or waitlisted) is published; its consumers send the mail.
 */
export const register = async (workshopId: string, input: RegistrationInput, at: Date): Promise<RegisterOutcome> => {
  const email = normalizeEmail(input.email);
  const registration: RegistrationItem = {
    id: randomUUID(),
    workshopId,
    email,
    ...(input.displayName ? { displayName: input.displayName } : {}),
    ...(input.accessibilityNeeds ? { accessibilityNeeds: input.accessibilityNeeds } : {}),
    status: 'confirmed',
    createdAt: at.toISOString(),
    confirmedAt: at.toISOString(),
  };
  /** Answers whether a seat was taken; `claimTaken` says the email already had a registration. */
  let claimTaken = false;
  const attempt = async (workshopCheck: TransactItem, candidate: RegistrationItem) => {
    const outcome = await transact([workshopCheck, ...(await RegistrationStore.create(candidate))]);
    if (!outcome.ok) claimTaken = outcome.failed[1] === true || outcome.failed[2] === true;
    return outcome.ok;
  };
  const takeSeat = async () => {
    const taken = await attempt(WorkshopStore.takeSeat(workshopId, at), registration);
    if (taken) await publishConfirmed(registration, 'registration', at);
    return taken;
  };

  // The common case needs no read: the transaction's conditions say whether a seat was free, the
  // workshop open and the email new. Only when it fails is the state read to find out why.
  if (await takeSeat()) return { result: { id: registration.id, status: 'confirmed' }, created: true };

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const existing = claimTaken ? await RegistrationStore.findByEmail(workshopId, email) : undefined;
    const workshop = openForRegistration(await WorkshopStore.get(workshopId), at);
    if (existing) {
      const result = await resume(existing, workshop);
      if (result.status !== 'cancelled') {
        await publish([makeEvent(RegistrationRepeated, repeatedEventId(result.id, at), { workshopId, registrationId: result.id }, at.toISOString())]);
      }
      // The answer a new address would get from the same state.
      if (fullWithoutWaitlist(workshop)) throw workshopFull();
      return { result, created: false };
    }

    if (workshop.confirmedCount < workshop.capacity) {
      if (await takeSeat()) return { result: { id: registration.id, status: 'confirmed' }, created: true };
      continue; // the seat went to someone else, or the same email won a race: look again
    }

    if (!workshop.waitlist) throw workshopFull();
    const waiting: RegistrationItem = { ...registration, status: 'waitlisted', confirmedAt: undefined };
    if (await attempt(WorkshopStore.checkWaitlistOpen(workshopId, at), waiting)) {
      return { result: await joinWaitlist(waiting, at), created: true };
    }
  }
  throw new Error(`Registration did not settle after ${MAX_ROUNDS} rounds`);
};

const fullWithoutWaitlist = (workshop: WorkshopItem) => !workshop.waitlist && workshop.confirmedCount >= workshop.capacity;

/**
 * The workshop, if its public state lets anyone ask to register; otherwise the refusal every request
 * gets, whatever the address: not found (a draft too), cancelled, started.
 */
const openForRegistration = (workshop: WorkshopItem | undefined, at: Date): WorkshopItem => {
  if (!workshop || workshop.status === 'draft') throw workshopNotFound();
  if (workshop.status === 'cancelled') throw workshopCancelled();
  if (Date.parse(workshop.startsAt) <= at.getTime()) throw workshopStarted();
  return workshop;
};

export type RequestOutcome = { kind: 'received' } | { kind: 'limited'; retryAfterSeconds: number };

/**
 * A request to register, as the public API and form make it. The answer depends only on whether
 * the request is valid and on the workshop's public state (published, full, waitlist open): never
 * on whether the address is known. What happened goes by mail to the address.
 * 1. The request is counted per client and per address; past either limit: `limited` (429).
 * 2. A form flagged as a bot's (`flagged`: the honeypot was filled or it came back too fast) gets
 *    the answer anyone would get from the workshop's state, and nothing is stored or sent.
 * 3. Otherwise `register` decides.
 */
export const requestRegistration = async (
  workshopId: string,
  input: RegistrationInput,
  request: { client: string | undefined; flagged?: boolean },
  at: Date,
): Promise<RequestOutcome> => {
  const limits = await checkRegistrationLimits(request.client, input.email, at);
  if (!limits.ok) return { kind: 'limited', retryAfterSeconds: limits.retryAfterSeconds };
  if (request.flagged) {
    if (fullWithoutWaitlist(openForRegistration(await WorkshopStore.get(workshopId), at))) throw workshopFull();
    return { kind: 'received' };
  }
  await register(workshopId, input, at);
  return { kind: 'received' };
};

/** Gives a waitlisted registration its ticket; answers its position at the time it joined. */
const joinWaitlist = async (registration: RegistrationItem, at: Date): Promise<RegistrationResult> => {
  const { ticket, left } = await WorkshopStore.issueTicket(registration.workshopId);
  const outcome = await transact(RegistrationStore.enqueue(registration, ticket));
  if (!outcome.ok) {
    // Cancelled (or already queued by a concurrent retry) before the ticket was used.
    await WorkshopStore.voidTicket(registration.workshopId);
    const current = await RegistrationStore.get(registration.workshopId, registration.id);
    return current?.waitlistTicket !== undefined
      ? { id: current.id, status: 'waitlisted', waitlistPosition: await RegistrationStore.position(current.workshopId, current.waitlistTicket) }
      : { id: registration.id, status: current?.status ?? 'cancelled' };
  }
  // A seat may have freed (or the capacity grown) while this request joined the waitlist, after
  // the promotion that followed found nobody waiting: fill it now, so nobody waits beside a free seat.
  const workshop = await WorkshopStore.get(registration.workshopId);
  if (workshop && workshop.confirmedCount < workshop.capacity) {
    await fillSeats(registration.workshopId, at);
    const current = await RegistrationStore.get(registration.workshopId, registration.id);
    if (current?.status === 'confirmed') return { id: current.id, status: 'confirmed' };
  }
  await publish([
    makeEvent(RegistrationWaitlisted, waitlistedEventId(registration.id), { workshopId: registration.workshopId, registrationId: registration.id }, at.toISOString()),
  ]);
  return { id: registration.id, status: 'waitlisted', waitlistPosition: ticket - left };
};

const publishConfirmed = (registration: RegistrationItem, via: 'registration' | 'waitlist', at: Date) =>
  publish([
    makeEvent(
      RegistrationConfirmed,
      confirmedEventId(registration.id),
      { workshopId: registration.workshopId, registrationId: registration.id, via },
      at.toISOString(),
    ),
  ]);

/**
 * The answer for an email that already holds a registration. It also finishes what an interrupted
 * earlier attempt left undone: a waitlisted registration without a ticket gets one, and the event
 * is published again under the same id (consumers treat it as the duplicate it is).
 */
const resume = async (found: RegistrationItem, workshop: WorkshopItem): Promise<RegistrationResult> => {
  let registration = found;
  const at = new Date(registration.createdAt);
  if (registration.status === 'waitlisted') {
    if (registration.waitlistTicket === undefined) {
      // The request that created it is most likely still issuing its ticket: a second ticket now
      // would be wasted and shift everyone's position. Wait for it; take over only if it died.
      const settled = await ticketOf(registration);
      if (!settled) return joinWaitlist(registration, at);
      registration = settled;
    }
    await publish([
      makeEvent(RegistrationWaitlisted, waitlistedEventId(registration.id), { workshopId: workshop.id, registrationId: registration.id }, at.toISOString()),
    ]);
    return { id: registration.id, status: 'waitlisted', waitlistPosition: await RegistrationStore.position(workshop.id, registration.waitlistTicket!) };
  }
  if (registration.status === 'confirmed') {
    await publishConfirmed(registration, registration.confirmedAt && registration.confirmedAt !== registration.createdAt ? 'waitlist' : 'registration', new Date(registration.confirmedAt ?? registration.createdAt));
  }
  return { id: registration.id, status: registration.status };
};

/** A request that joined the waitlist finishes within milliseconds; after this it is presumed dead. */
const TICKET_GRACE_MS = 5_000;

/** Waits for the ticket of a registration that joined the waitlist a moment ago. */
const ticketOf = async (registration: RegistrationItem): Promise<RegistrationItem | undefined> => {
  const deadline = Date.parse(registration.createdAt) + TICKET_GRACE_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const current = await RegistrationStore.get(registration.workshopId, registration.id);
    if (!current || current.status !== 'waitlisted' || current.waitlistTicket !== undefined) return current;
  }
  return undefined;
};
