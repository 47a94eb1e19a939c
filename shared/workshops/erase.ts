import { normalizeEmail } from '../kernel/email';
import { cancelRegistration } from './cancel';
import { RegistrationStore } from './registration-store';
import { WorkshopStore } from './workshop-store';

export interface PlacesErased {
  /** Places still to come that were given up: a confirmed seat moves the waitlist up, as any cancellation does. */
  cancelled: number;
  /** Registrations whose address, name and needs were erased (the cancelled ones included). */
  erased: number;
}

/**
 * Everything that names this address in registrations goes, at the person's request (issue 13 §3):
 * 1. A place still to come (confirmed or waitlisted, the workshop neither ended nor cancelled) is
 *    cancelled through the normal cancellation, so a freed seat goes to the first on the waitlist
 *    at once; the same write erases the address, name and needs, so no cancellation mail goes.
 * 2. Every other registration (past, cancelled, or of a cancelled workshop) keeps its status and
 *    dates, which the counts are made of, and loses its address, name, needs, index keys and claim.
 * Safe to repeat: an erased registration has no address and is found no more.
 */
export const erasePlaces = async (email: string, at: Date): Promise<PlacesErased> => {
  const address = normalizeEmail(email);
  const workshops = new Map((await WorkshopStore.list()).map((workshop) => [workshop.id, workshop]));
  const registrations = await RegistrationStore.heldBy(address, [...workshops.keys()]);
  let cancelled = 0;
  for (const registration of registrations) {
    const workshop = workshops.get(registration.workshopId);
    const toCome = workshop && workshop.status !== 'cancelled' && Date.parse(workshop.endsAt) > at.getTime();
    if (toCome && registration.status !== 'cancelled') {
      const outcome = await cancelRegistration(registration.workshopId, registration.id, 'registrant', at, { erase: true });
      if (!outcome.alreadyCancelled) {
        cancelled++;
        continue;
      }
    }
    await RegistrationStore.erase(registration, at);
  }
  return { cancelled, erased: registrations.length };
};
