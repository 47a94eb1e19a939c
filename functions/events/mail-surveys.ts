import { now } from '../../shared/clock';
import { consumer } from '../../shared/events/consume';
import { SurveyBatchDue } from '../../shared/surveys/events';
import { mailSurveyBatch } from '../../shared/surveys/send';

export const handler = consumer(SurveyBatchDue, ({ eventId, data }) => mailSurveyBatch(eventId, data, now()));
