import type { Workshop } from './model';
import type { WorkshopItem } from './workshop-store';

/** What organizers see of a workshop: everything but the internal counters. */
export const toOrganizerWorkshop = (workshop: WorkshopItem): Workshop => {
  const { waitlistSeq: _seq, waitlistLeft: _left, ...rest } = workshop;
  return rest;
};
