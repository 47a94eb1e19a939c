import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { SurveyReminderDue } from '../../shared/surveys/events';
import { sendSurveyReminders } from '../../shared/surveys/send';

export const handler = consumer(SurveyReminderDue, ({ eventId, data }) => sendSurveyReminders(eventId, data, now()));
