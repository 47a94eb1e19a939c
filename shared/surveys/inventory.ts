import type { InventoryEntry } from '../kernel/inventory';

/** What the feedback surveys store (docs/data-model.md), for the data inventory (shared/inventory.ts). */
export const surveysInventory: readonly InventoryEntry[] = [
  {
    entity: 'survey',
    owner: 'surveys',
    keys: { pk: 'WS#', sk: 'SURVEY#DEF' },
    about: 'A workshop’s feedback questions and when they go out.',
    personal: {},
    other: ['questions', 'delayMinutes', 'reminderAfterHours', 'updatedAt'],
    kept: 'As long as the workshop is kept.',
    removal: 'kept',
  },
  {
    entity: 'survey results',
    owner: 'surveys',
    keys: { pk: 'WS#', sk: 'SURVEY#RESULTS' },
    about: 'Counts only: how many were invited, how many answered, and how often each answer was given.',
    personal: {},
    other: ['invited', 'responses', 'a:*', 'n:*'],
    kept: 'As long as the workshop is kept.',
    removal: 'kept',
  },
  {
    entity: 'survey invitee',
    owner: 'surveys',
    keys: { pk: 'WS#', sk: 'SURVEY#INV#' },
    about: 'That a registration was invited to the survey, and whether its link was used: so nobody is invited or counted twice.',
    personal: {
      registrationId: { what: 'Which registration was invited (an id, not an address).', why: 'So a person gets one invitation and one reminder, and answers once.' },
      answered: { what: 'That the invitation’s link was used (not what was answered).', why: 'So a second answer changes nothing and no reminder goes to someone who answered.' },
    },
    other: ['invitedAt'],
    kept: 'Until the survey closes for that person, when their links lapse 30 days after the invitation; then removed by TTL.',
    removal: 'ttl',
  },
  {
    entity: 'survey response',
    owner: 'surveys',
    keys: { pk: 'WS#', sk: 'SURVEY#RESP#' },
    about: 'One set of answers. It holds no registration id, address, device or time, so it cannot be linked to anyone.',
    personal: {
      answers: { what: 'The answers, free text included.', why: 'So the organizers learn how the session went.' },
    },
    other: [],
    kept: 'Two years after the workshop ends (HEARTH_RETENTION_SURVEY_RESPONSE_DAYS), then removed by TTL; the counts stay.',
    removal: 'ttl',
  },
];
