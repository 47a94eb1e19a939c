import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { transact } from '../db/transact';
import { RegistrationConfirmed, confirmedEventId } from './events';
import { RegistrationStore } from './registration-store';
import { WorkshopStore } from './workshop-store';

/**
 * Fills free seats from the waitlist, first come first served. Safe to run any number of times
 * and concurrently: each promotion is one transaction that needs a free seat and the waitlisted
 * registration still holding its ticket.
 * 1. Republish the confirmation of promotions whose event an interrupted earlier run did not publish.
 * 2. While a seat is free and someone waits: promote the first ticket (seat, ticket, status at once).
 * 3. Publish Registration Confirmed (via waitlist) for each; its consumer mails the .ics.
 */
export const fillSeats = async (workshopId: string, at: Date): Promise<string[]> => {
  const announce = async (registrationId: string) => {
    await publish([
      makeEvent(RegistrationConfirmed, confirmedEventId(registrationId), { workshopId, registrationId, via: 'waitlist' }, at.toISOString()),
    ]);
    await RegistrationStore.clearNoticePending(workshopId, registrationId);
  };

  for (const registration of await RegistrationStore.listForWorkshop(workshopId)) {
    if (registration.noticePending && registration.status === 'confirmed') await announce(registration.id);
  }

  const promoted: string[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    const workshop = await WorkshopStore.get(workshopId);
    if (!workshop || workshop.status !== 'published' || Date.parse(workshop.startsAt) <= at.getTime()) break;
    if (workshop.confirmedCount >= workshop.capacity) break;
    const first = await RegistrationStore.firstWaiting(workshopId);
    if (!first) break;
    const outcome = await transact([
      WorkshopStore.promoteIntoSeat(workshopId, at),
      ...RegistrationStore.promote(workshopId, first.registrationId, first.ticket, at),
    ]);
    if (!outcome.ok) continue; // someone else promoted or cancelled meanwhile: look again
    promoted.push(first.registrationId);
    await announce(first.registrationId);
  }
  return promoted;
};
