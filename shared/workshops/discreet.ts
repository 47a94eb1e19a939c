import { config } from '../config';
import { formatDate } from '../kernel/zoned-time';
import type { Workshop } from './model';

/**
 * Discreet mode (issue 13, part 4). Whether someone goes to a grief circle or a recovery group is
 * theirs to tell. A discreet workshop's mails and calendar entries show others nothing of its topic
 * in what is seen without opening them: the sender name (HEARTH_DISCREET_NAME, not ORG_NAME), the
 * subject (the session's date instead), the preview line, and the .ics (a neutral title, no
 * description, only the time and how to join). The body, for the person who opens it, still names
 * the workshop. On for every workshop with HEARTH_DISCREET_MODE=on, or for one with `discreet: true`.
 */
export const isDiscreet = (workshop: Pick<Workshop, 'discreet'>): boolean => config.discreetMode || workshop.discreet === true;

/** "Tuesday, January 12, 2027": the start's date in the workshop's own zone, for a discreet subject. */
export const sessionDate = (workshop: Pick<Workshop, 'startsAt' | 'timezone'>): string => formatDate(workshop.startsAt, workshop.timezone);

/** The title of a discreet calendar entry: a calendar is seen by others (shared, on a lock screen). */
export const discreetCalendarTitle = 'Appointment';
