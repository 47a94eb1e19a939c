import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { ReminderBatchDue } from '../../shared/reminders/events';
import { mailReminderBatch } from '../../shared/reminders/reminders';

export const handler = consumer(ReminderBatchDue, ({ eventId, data }) => mailReminderBatch(eventId, data, now()));
