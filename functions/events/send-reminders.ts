import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { ReminderDue } from '../../shared/reminders/events';
import { sendReminders } from '../../shared/reminders/reminders';

export const handler = consumer(ReminderDue, ({ eventId, data }) => sendReminders(eventId, data, now()));
