import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { SurveyDue } from '../../shared/surveys/events';
import { sendSurveys } from '../../shared/surveys/send';

export const handler = consumer(SurveyDue, ({ eventId, data }) => sendSurveys(eventId, data, now()));
