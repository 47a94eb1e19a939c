import { config } from '../config';
import type { Actor } from '../kernel/actor';
import type { Workshop } from './model';
import { toOrganizerWorkshop } from './organizer-view';
import type { TransactItem } from '../db/transact';
import { workshopKey } from './keys';
import { RegistrationStore, type RegistrationItem } from './registration-store';
import { WorkshopStore, type WorkshopItem } from './workshop-store';
import { getOrganizedWorkshop } from './workshops';
import { normalizeEmail } from '../kernel/email';
import { erasePlaces } from './erase';
export type { PlacesErased } from './erase';

/**
 * The workshops port: all that other capabilities (reminders, surveys) may use of workshops, by
 * name. They read workshops and registrations, never write them; they may make a write of their
 * own depend on a workshop's state inside their transaction; their mails show a workshop's details
 * the way workshops' own mails do. Everything else in shared/workshops is private to it
 * (`npm run lint` holds this: .dependency-cruiser.cjs).
 */
export type { Registration, Workshop } from './model';
export type { RegistrationItem } from './registration-store';
export type { WorkshopItem } from './workshop-store';
export { WorkshopScheduleChanged } from './events';
export { DEFAULT_REMINDER_OFFSETS, MAX_REMINDERS, normalizeReminderOffsets, ReminderOffsets } from './model';
export { calendarUrl, cancelUrl } from './links';
export { cancelLinkNote, PlaceHtml, placeText, WorkshopHtml, workshopText } from './mails/details';
export { isDiscreet, sessionDate } from './discreet';

const workshopCheck = (workshopId: string, condition: Pick<NonNullable<TransactItem['ConditionCheck']>, 'ConditionExpression' | 'ExpressionAttributeValues'>): TransactItem => ({
  ConditionCheck: { TableName: config.tableName, Key: workshopKey(workshopId), ExpressionAttributeNames: { '#status': 'status' }, ...condition },
});

export const Workshops = {
  /**
   * The workshop as its organizers see it, if the actor organizes it (or is an admin); refused as
   * `not-found` or `forbidden` (thrown) otherwise.
   */
  organized: async (actor: Actor, workshopId: string): Promise<Workshop> => toOrganizerWorkshop(await getOrganizedWorkshop(workshopId, actor)),
  /** A workshop as stored (a consistent read), or undefined. */
  get: (workshopId: string) => WorkshopStore.get(workshopId),
  /** In a transaction: the workshop is not cancelled and has not ended at `at`. */
  notEndedNorCancelled: (workshopId: string, at: Date): TransactItem =>
    workshopCheck(workshopId, { ConditionExpression: '#status <> :cancelled AND endsAt > :now', ExpressionAttributeValues: { ':cancelled': 'cancelled', ':now': at.toISOString() } }),
  /** In a transaction: the workshop is published (not a draft, not cancelled). */
  published: (workshopId: string): TransactItem =>
    workshopCheck(workshopId, { ConditionExpression: '#status = :published', ExpressionAttributeValues: { ':published': 'published' } }),
};

export interface HeldPlace {
  workshop: Pick<WorkshopItem, 'id' | 'title' | 'startsAt' | 'endsAt' | 'timezone' | 'status' | 'reminderOffsetsMinutes'>;
  registration: RegistrationItem;
}

export const Registrations = {
  /** Every registration of this address (confirmed, waitlisted or cancelled, past or to come), with its workshop (/my-data). */
  heldBy: async (email: string): Promise<HeldPlace[]> => {
    const workshops = new Map((await WorkshopStore.list()).map((workshop) => [workshop.id, workshop]));
    const registrations = await RegistrationStore.heldBy(normalizeEmail(email), [...workshops.keys()]);
    return registrations
      .flatMap((registration) => {
        const workshop = workshops.get(registration.workshopId);
        if (!workshop) return [];
        const { id, title, startsAt, endsAt, timezone, status, reminderOffsetsMinutes } = workshop;
        return [{ workshop: { id, title, startsAt, endsAt, timezone, status, reminderOffsetsMinutes }, registration }];
      })
      .sort((a, b) => a.workshop.startsAt.localeCompare(b.workshop.startsAt));
  },
  /** Erases this address from every registration, giving up the places still to come (./erase.ts). */
  eraseAllOf: (email: string, at: Date) => erasePlaces(email, at),
  /** One registration, or undefined. */
  get: (workshopId: string, registrationId: string) => RegistrationStore.get(workshopId, registrationId),
  /** Registrations by id (those that exist). */
  getMany: (workshopId: string, registrationIds: readonly string[]) => RegistrationStore.getMany(workshopId, registrationIds),
  /** The ids of confirmed registrations, a page at a time (only those checked in with `attendedOnly`). */
  confirmedIdPages: (workshopId: string, options?: { attendedOnly?: boolean; pageSize?: number }) => RegistrationStore.confirmedIdPages(workshopId, options),
};
