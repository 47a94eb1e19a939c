import type { PublicWorkshop } from '../workshops/model';

/** Words shared by the list and the workshop page, so both say the same thing. */

export const formatLabel = (format: PublicWorkshop['format']): string =>
  format === 'online' ? 'Online' : format === 'in-person' ? 'In person' : 'Online or in person';

export const availabilityLabel = (workshop: Pick<PublicWorkshop, 'full' | 'seatsLeft' | 'waitlistOpen'>): string => {
  if (!workshop.full) return workshop.seatsLeft === 1 ? '1 place left' : `${workshop.seatsLeft} places left`;
  return workshop.waitlistOpen ? 'Full – waitlist open' : 'Full';
};

/** What registrants receive by email instead of seeing it on the public page. */
export const privateDetailsNote = (format: PublicWorkshop['format']): string =>
  format === 'online'
    ? 'The link to join is sent by email to people who have a place.'
    : format === 'in-person'
      ? 'The address is sent by email to people who have a place.'
      : 'The link to join and the address are sent by email to people who have a place.';

/** "1 person", "12 people", "1,234 people": a count of people, the same on every page. */
/** "1 place", "3 places": a count and its noun. */
export const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

export const people = (count: number): string => `${count.toLocaleString('en-US')} ${count === 1 ? 'person' : 'people'}`;
