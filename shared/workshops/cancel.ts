import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { transact } from '../db/transact';
import { registrationNotFound, workshopEnded } from './errors';
import { RegistrationCancelled, cancelledEventId } from './events';
import { RegistrationStore, type RegistrationItem } from './registration-store';
import { WorkshopStore, type WorkshopItem } from './workshop-store';

export interface CancelOutcome {
  workshop: WorkshopItem | undefined;
  registration: RegistrationItem;
  alreadyCancelled: boolean;
}

/**
 * Cancels a registration (by its registrant through the signed link, or by an organizer).
 * 1. Already cancelled: nothing changes, the answer says so (repeating is harmless).
 * 2. A confirmed seat is released and the email claim freed in one transaction; a waitlisted
 *    registration leaves the waitlist order in the same way.
 * 3. Registration Cancelled is published: its consumers promote the first waitlisted at once and
 *    mail the registrant.
 * With `erase` (the person's erasure, ./erase.ts), what names them goes in the same write, so the
 * cancellation mail finds no address and nothing is sent.
 */
export const cancelRegistration = async (
  workshopId: string,
  registrationId: string,
  by: 'registrant' | 'organizer',
  at: Date,
  options: { erase?: boolean } = {},
): Promise<CancelOutcome> => {
  for (let round = 0; round < 8; round++) {
    const registration = await RegistrationStore.get(workshopId, registrationId);
    if (!registration) throw registrationNotFound();
    const workshop = await WorkshopStore.get(workshopId);
    if (registration.status === 'cancelled') {
      // Announce it again under the same id: if the first attempt died between its write and its
      // event, this repeat is what lets the waitlist move up. Consumers drop the duplicate.
      if (registration.cancelledAt && (registration.previousStatus === 'confirmed' || registration.previousStatus === 'waitlisted')) {
        await publish([
          makeEvent(
            RegistrationCancelled,
            cancelledEventId(registrationId),
            { workshopId, registrationId, previousStatus: registration.previousStatus, by: registration.cancelledBy ?? by },
            registration.cancelledAt,
          ),
        ]);
      }
      return { workshop, registration, alreadyCancelled: true };
    }
    if (workshop && Date.parse(workshop.endsAt) <= at.getTime()) {
      throw workshopEnded();
    }
    const previousStatus = registration.status;
    const items = await RegistrationStore.cancel(registration, by, at, options);
    if (previousStatus === 'confirmed') items.push(WorkshopStore.releaseSeat(workshopId));
    else if (registration.waitlistTicket !== undefined) items.push(WorkshopStore.leaveWaitlist(workshopId));
    const outcome = await transact(items);
    if (!outcome.ok) continue; // promoted or queued meanwhile: read again and cancel what it is now
    await publish([
      makeEvent(RegistrationCancelled, cancelledEventId(registrationId), { workshopId, registrationId, previousStatus, by }, at.toISOString()),
    ]);
    const { accessibilityNeeds: _erased, ...kept } = registration;
    return {
      workshop,
      registration: { ...kept, status: 'cancelled', cancelledAt: at.toISOString(), cancelledBy: by },
      alreadyCancelled: false,
    };
  }
  throw new Error('Cancellation did not settle');
};
