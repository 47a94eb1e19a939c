/**
 * The source of every event a schedule puts on the bus (reminders, surveys, scheduled campaigns):
 * the time-driven events share it, whichever capability defines them. Its own file, so that an
 * event's definition does not pull the Scheduler client into a bundle.
 */
export const SCHEDULE_SOURCE = 'hearth.schedule';
