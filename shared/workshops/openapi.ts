import * as z from 'zod/mini';
import '../zod-locale';
import { error, idParam, requestBody, response, secured, type OpenApiPart } from '../http/openapi';
import { CancelWorkshop, NewWorkshop, PublicWorkshop, RegistrationInput, RegistrationReceived, RosterEntry, Workshop, WorkshopChanges, WorkshopOrganizersInput } from './model';

/** What `discreet` does, for the operations that take it. */
const discreetNote =
  '`discreet: true` (default false) makes this workshop discreet: its mails go out under a neutral sender name with a subject that names only the date, and its calendar entries are titled "Appointment" with no description. ' +
  'The organisation\'s HEARTH_DISCREET_MODE=on makes every workshop discreet.';

/** What `retentionDays` does, for the operations that take it. */
const retentionNote =
  '`retentionDays` (optional) erases the registrations\' addresses, names and accessibility needs that many days after the workshop ends, instead of the organisation\'s HEARTH_RETENTION_REGISTRATION_DAYS (default 90); the counts stay. ' +
  'It can only shorten that period: more is refused with 400 on the field. `null` in a change brings back the organisation\'s period.';

/** The OpenAPI of workshops: the public list and registration, and the organizer API (assembled with the others in shared/openapi.ts). */
export const openApi: OpenApiPart = {
  components: [
    ['PublicWorkshop', PublicWorkshop],
    ['RegistrationReceived', RegistrationReceived],
    ['Workshop', Workshop],
    ['RosterEntry', RosterEntry],
  ],
  scopes: {
    'get /api/organizer/workshops': ['read', 'workshops'],
    'post /api/organizer/workshops': ['workshops'],
    'patch /api/organizer/workshops/{id}': ['workshops'],
    'post /api/organizer/workshops/{id}/publish': ['workshops'],
    'post /api/organizer/workshops/{id}/cancel': ['workshops'],
    'get /api/organizer/workshops/{id}/registrations': ['workshops'],
    'put /api/organizer/workshops/{id}/organizers': ['workshops'],
  },
  forbidden: (path) => (path.startsWith('/api/organizer/workshops/') ? 'Outside the key’s scope, or the key does not organize this workshop' : undefined),
  paths: {
    '/api/workshops': {
      get: { summary: 'Published upcoming workshops', responses: { 200: response('The list', z.object({ workshops: z.array(PublicWorkshop) })) } },
    },
    '/api/workshops/{id}': {
      get: {
        summary: 'One workshop (no online link or private location)',
        parameters: idParam(),
        responses: { 200: response('The workshop', z.object({ workshop: PublicWorkshop })), 404: error('No such published workshop') },
      },
    },
    '/api/workshops/{id}/registrations': {
      post: {
        summary: 'Ask to register for a workshop',
        description:
          'The answer depends only on whether the request is valid and on the workshop\'s public state (published, full, waitlist open), never on whether the address is already registered. ' +
          'What happened goes by mail to the address: a confirmation with a calendar file, the waitlist position, or, for an address already registered, what it already has (at most one such mail per address and workshop per 10 minutes). ' +
          'Requests are limited per client (HEARTH_REGISTRATION_LIMIT_PER_CLIENT, default 20) and per address (HEARTH_REGISTRATION_LIMIT_PER_ADDRESS, default 5) per 10 minutes.',
        parameters: idParam(),
        requestBody: requestBody(RegistrationInput),
        responses: {
          202: response('Received: the outcome goes by mail to the address (the same answer for a new and a known address)', RegistrationReceived),
          400: error('Invalid input, with field messages'),
          404: error('No such published workshop'),
          409: error('Full without waitlist, cancelled or already started (the same for every address)'),
          413: error('Body too large'),
          429: {
            ...error('Too many requests from this client or for this address in the last 10 minutes (the same answer for everyone)'),
            headers: { 'Retry-After': { description: 'Seconds until the 10-minute window ends', schema: { type: 'integer', minimum: 1 } } },
          },
        },
      },
    },
    '/api/organizer/workshops': {
      get: { summary: 'All workshops', security: secured, responses: { 200: response('The list', z.object({ workshops: z.array(Workshop) })), 401: error('No valid API key') } },
      post: {
        summary: 'Create a draft workshop',
        description: `${discreetNote} ${retentionNote}`,
        security: secured,
        requestBody: requestBody(NewWorkshop),
        responses: { 201: response('Created', z.object({ workshop: Workshop })), 400: error('Invalid input'), 401: error('No valid API key') },
      },
    },
    '/api/organizer/workshops/{id}': {
      patch: {
        summary: 'Edit, reschedule or change capacity',
        description: `${discreetNote} ${retentionNote}`,
        security: secured,
        parameters: idParam(),
        requestBody: requestBody(WorkshopChanges),
        responses: {
          200: response('Changed', z.object({ workshop: Workshop })),
          400: error('Invalid input'),
          401: error('No valid API key'),
          404: error('Not found'),
          409: error('Conflicts with its state'),
        },
      },
    },
    '/api/organizer/workshops/{id}/publish': {
      post: {
        summary: 'Publish',
        security: secured,
        parameters: idParam(),
        responses: { 200: response('Published', z.object({ workshop: Workshop })), 401: error('No valid API key'), 404: error('Not found'), 409: error('Cancelled') },
      },
    },
    '/api/organizer/workshops/{id}/cancel': {
      post: {
        summary: 'Cancel and tell every registrant',
        security: secured,
        parameters: idParam(),
        requestBody: { required: false, ...requestBody(CancelWorkshop) },
        responses: { 200: response('Cancelled', z.object({ workshop: Workshop })), 401: error('No valid API key'), 404: error('Not found') },
      },
    },
    '/api/organizer/workshops/{id}/registrations': {
      get: {
        summary: 'The roster',
        security: secured,
        parameters: idParam(),
        responses: { 200: response('Registrations', z.object({ registrations: z.array(RosterEntry) })), 401: error('No valid API key'), 404: error('Not found') },
      },
    },
    '/api/organizer/workshops/{id}/organizers': {
      put: {
        summary: 'Set the workshop’s console organizers by address (its API keys stay); only they and admins see its registrations or change it',
        security: secured,
        parameters: idParam(),
        requestBody: { required: true, ...requestBody(WorkshopOrganizersInput) },
        responses: { 200: response('Changed', z.object({ workshop: Workshop })), 400: error('Invalid input, or an address that is not an organizer'), 404: error('Not found') },
      },
    },
  },
};
