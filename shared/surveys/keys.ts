/**
 * Keys of the feedback-survey capability in Hearth's single table (docs/data-model.md). Everything
 * lives in the workshop's partition, next to its registrations.
 *
 * | item            | pk              | sk                              | what it holds                                   |
 * |-----------------|-----------------|---------------------------------|-------------------------------------------------|
 * | survey          | WS#<workshopId> | SURVEY#DEF                      | questions, delayMinutes, reminderAfterHours     |
 * | survey results  | WS#<workshopId> | SURVEY#RESULTS                  | invited, responses, a:<q> and n:<q>:<value> counts |
 * | survey invitee  | WS#<workshopId> | SURVEY#INV#<registrationId>     | invitedAt; answered = true once the link was used |
 * | survey response | WS#<workshopId> | SURVEY#RESP#<random uuid>       | answers only                                    |
 *
 * A workshop without a SURVEY#DEF item has the default survey. The invitee marker is the only trace
 * of a person: it says that their link was used, never what they answered. A response carries no
 * registration id, address, client detail or time, and its random id says nothing about its order,
 * so nothing links it back to a marker (LimeSurvey's anonymized model).
 */
export const surveyKey = (workshopId: string) => ({ pk: `WS#${workshopId}`, sk: 'SURVEY#DEF' });
export const resultsKey = (workshopId: string) => ({ pk: `WS#${workshopId}`, sk: 'SURVEY#RESULTS' });
export const inviteeKey = (workshopId: string, registrationId: string) => ({ pk: `WS#${workshopId}`, sk: `${INVITEE_PREFIX}${registrationId}` });
export const responseKey = (workshopId: string, responseId: string) => ({ pk: `WS#${workshopId}`, sk: `${RESPONSE_PREFIX}${responseId}` });

export const INVITEE_PREFIX = 'SURVEY#INV#';
export const RESPONSE_PREFIX = 'SURVEY#RESP#';

/** Counter attributes on the results item: answers to a question, and answers with one value. */
export const answeredCounter = (questionId: string) => `a:${questionId}`;
export const valueCounter = (questionId: string, value: string | number) => `n:${questionId}:${value}`;
