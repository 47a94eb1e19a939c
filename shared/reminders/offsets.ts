/**
 * Reminder offsets (minutes before a workshop's start) as people read them, and the instant each
 * reminder falls due. Pure functions. Instants are UTC milliseconds, so a daylight-saving change
 * between the reminder and the session moves neither: "24 hours before" is 24 real hours.
 */
const MINUTE = 60_000;

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * "15 minutes", "1 hour", "1 hour 30 minutes", "24 hours", "2 days", "7 days". Up to two days reads
 * in hours (people say "24 hours before", not "1 day before").
 */
export const describeOffset = (minutes: number): string => {
  const days = minutes >= 2 * 1440 ? Math.floor(minutes / 1440) : 0;
  const rest = minutes - days * 1440;
  const hours = Math.floor(rest / 60);
  const mins = rest % 60;
  const parts = [days && plural(days, 'day'), hours && plural(hours, 'hour'), mins && plural(mins, 'minute')].filter(Boolean);
  return parts.length ? parts.join(' ') : plural(0, 'minute');
};

/** The instant a reminder `offsetMinutes` before `startsAt` falls due. */
export const reminderDueAt = (startsAt: string | Date, offsetMinutes: number): Date =>
  new Date(new Date(startsAt).getTime() - offsetMinutes * MINUTE);

/** The choices the console form offers, largest first. The API takes any whole minute in range. */
export const reminderChoices: readonly number[] = [10080, 4320, 2880, 1440, 720, 360, 180, 120, 60, 30, 15];
