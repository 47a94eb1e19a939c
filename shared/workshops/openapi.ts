import * as z from 'zod/mini';
import '../zod-locale';
import {
  CampaignAnswer,
  CampaignChanges,
  CampaignSummaryJson,
  NewCampaign,
  RECIPIENT_STATES,
  RecipientsAnswer,
  SendCampaign,
  TestAnswer,
  TestCampaign,
} from '../campaigns/model';
import { Id, QUERY_VALUE_MAX } from '../http/request';
import { SubscribeAccepted, SubscribeInput, TopicInput, TopicList } from '../mailing-list/model';
import { SurveyAnswer } from '../surveys/api';
import { SurveyInput } from '../surveys/model';
import { CancelWorkshop, NewWorkshop, PublicWorkshop, RegistrationInput, RegistrationReceived, RosterEntry, Workshop, WorkshopChanges, WorkshopOrganizersInput } from './model';

/**
 * The OpenAPI 3.1 document of Hearth's JSON API, generated from the zod schemas the handlers
 * validate with (request bodies) and the shapes they answer. OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, which zod's own `toJSONSchema` writes: request bodies as the input they accept, responses
 * as the output they give, and the named response shapes as components referenced by `$ref`.
 * (zod-openapi would pull the classic zod API into this Lambda's bundle.)
 */
const ErrorBody = z.object({ error: z.object({ message: z.string(), fields: z.optional(z.record(z.string(), z.string())) }) });

/** The named response shapes, in the order the document lists them under components.schemas. */
const components: [id: string, schema: z.ZodMiniType][] = [
  ['PublicWorkshop', PublicWorkshop],
  ['Error', ErrorBody],
  ['RegistrationReceived', RegistrationReceived],
  ['Workshop', Workshop],
  ['RosterEntry', RosterEntry],
  ['Survey', SurveyAnswer],
  ['Campaign', CampaignAnswer],
];

type JsonSchema = Record<string, unknown>;
const componentUri = (id: string) => `#/components/schemas/${id}`;

/**
 * JSON Schemas of the components and, under `id`, of one more schema, whose uses of a component
 * become `$ref`s to it. Without `$schema` and `$id`: OpenAPI 3.1 sets the dialect for the document.
 */
const convert = (io: 'input' | 'output', extra?: [id: string, schema: z.ZodMiniType]): Record<string, JsonSchema> => {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of extra ? [...components, extra] : components) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: componentUri });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]));
};

const schemaOf = (schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema => {
  const component = components.find(([, named]) => named === schema);
  if (component) return { $ref: componentUri(component[0]) };
  return convert(io, ['__body', schema]).__body!;
};

const jsonContent = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
/** A request body: validated by the schema, so documented as the input it accepts. */
const requestBody = (schema: z.ZodMiniType) => jsonContent(schemaOf(schema, 'input'));
/** A response: documented as the output it gives. */
const response = (description: string, schema: z.ZodMiniType) => ({ description, ...jsonContent(schemaOf(schema, 'output')) });
const error = (description: string) => response(description, ErrorBody);
/** Every path parameter is an id: anything else answers 404 (shared/http/request.ts). */
const idParam = () => [{ in: 'path', name: 'id', schema: schemaOf(Id, 'input'), required: true }];
const secured = [{ apiKey: [] }];

/**
 * The scope each organizer operation needs (README, "API keys"); `admin` is every scope. Read
 * routes also take their area's write scope; personal data (registrations, recipients) needs it.
 */
const scopes: Record<string, string[]> = {
  'get /api/organizer/workshops': ['read', 'workshops'],
  'post /api/organizer/workshops': ['workshops'],
  'patch /api/organizer/workshops/{id}': ['workshops'],
  'post /api/organizer/workshops/{id}/publish': ['workshops'],
  'post /api/organizer/workshops/{id}/cancel': ['workshops'],
  'get /api/organizer/workshops/{id}/registrations': ['workshops'],
  'put /api/organizer/workshops/{id}/organizers': ['workshops'],
  'get /api/organizer/workshops/{id}/survey': ['read', 'workshops'],
  'put /api/organizer/workshops/{id}/survey': ['workshops'],
  'post /api/organizer/topics': ['campaigns'],
  'get /api/organizer/campaigns': ['read', 'campaigns'],
  'post /api/organizer/campaigns': ['campaigns'],
  'get /api/organizer/campaigns/{id}': ['read', 'campaigns'],
  'patch /api/organizer/campaigns/{id}': ['campaigns'],
  'post /api/organizer/campaigns/{id}/test': ['campaigns'],
  'post /api/organizer/campaigns/{id}/send': ['campaigns'],
  'post /api/organizer/campaigns/{id}/cancel': ['campaigns'],
  'post /api/organizer/campaigns/{id}/resume': ['campaigns'],
  'get /api/organizer/campaigns/{id}/recipients': ['campaigns'],
};

const forbidden = (path: string) =>
  path.startsWith('/api/organizer/workshops/')
    ? 'Outside the key’s scope, or the key does not organize this workshop'
    : path.endsWith('/send')
      ? 'Outside the key’s scope, or more than 500 recipients without the admin scope'
      : 'Outside the key’s scope';

/** Every secured operation: the scopes it needs (in `x-scopes` and its description), 401 and 403 as they are. */
const withScopes = (paths: Record<string, Record<string, JsonSchema>>) => {
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (operation.security !== secured) continue;
      const needs = scopes[`${method} ${path}`] ?? ['admin'];
      operation['x-scopes'] = needs;
      operation.description = `Needs an API key with the scope ${needs.join(' or ')} (or admin).`;
      const responses = operation.responses as Record<string, unknown>;
      responses[401] = error('No valid API key: missing, unknown, revoked or expired');
      responses[403] = error(forbidden(path));
    }
  }
  return paths;
};

let document: JsonSchema | undefined;

export const openApiDocument = () =>
  (document ??= {
    openapi: '3.1.0',
    info: { title: 'Hearth API', version: '1.0.0', description: 'Workshop registration, reminders, feedback surveys and advocacy mailings for peer-support organisations.' },
    paths: withScopes({
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
      '/api/subscribers': {
        post: {
          summary: 'Join the mailing list (double opt-in: a confirmation mail follows). The same answer for any address',
          requestBody: requestBody(SubscribeInput),
          responses: {
            202: response('Accepted', SubscribeAccepted),
            400: error('Invalid input, with field messages (also unknown topics)'),
            429: error('Too many requests from this client'),
          },
        },
      },
      '/api/topics': {
        get: { summary: 'The topics to choose from, and the consent wording to show', responses: { 200: response('The topics', TopicList) } },
      },
      '/api/organizer/topics': {
        post: {
          summary: 'Create a topic',
          security: secured,
          requestBody: requestBody(TopicInput),
          responses: {
            201: response('Created', z.object({ topic: z.object({ name: z.string(), slug: z.string() }) })),
            400: error('Invalid input'),
            401: error('No valid API key'),
            409: error('A topic with this name exists'),
          },
        },
      },
      '/api/organizer/campaigns': {
        get: { summary: 'All campaigns, newest first', security: secured, responses: { 200: response('The list', z.object({ campaigns: z.array(CampaignSummaryJson) })), 401: error('No valid API key') } },
        post: {
          summary: 'Create a draft campaign (no topics: every confirmed subscriber)',
          security: secured,
          requestBody: requestBody(NewCampaign),
          responses: { 201: response('Created', CampaignAnswer), 400: error('Invalid input (also unknown topics, or a merge field such as {{ name }} in a link address, an image or an HTML attribute)'), 401: error('No valid API key') },
        },
      },
      '/api/organizer/campaigns/{id}': {
        get: {
          summary: 'A campaign, its status and its counts',
          security: secured,
          parameters: idParam(),
          responses: { 200: response('The campaign', CampaignAnswer), 401: error('No valid API key'), 404: error('Not found') },
        },
        patch: {
          summary: 'Edit a draft',
          security: secured,
          parameters: idParam(),
          requestBody: requestBody(CampaignChanges),
          responses: { 200: response('Changed', CampaignAnswer), 400: error('Invalid input (also a merge field such as {{ name }} in a link address, an image or an HTML attribute)'), 401: error('No valid API key'), 404: error('Not found'), 409: error('Not a draft') },
        },
      },
      '/api/organizer/campaigns/{id}/test': {
        post: {
          summary: 'Send one test mail, marked as a test',
          security: secured,
          parameters: idParam(),
          requestBody: requestBody(TestCampaign),
          responses: { 200: response('Sent', TestAnswer), 400: error('Invalid input'), 401: error('No valid API key'), 404: error('Not found'), 409: error('The address is suppressed') },
        },
      },
      '/api/organizer/campaigns/{id}/send': {
        post: {
          summary: 'Send now, or at `at` (through the scheduler)',
          security: secured,
          parameters: idParam(),
          requestBody: { required: false, ...requestBody(SendCampaign) },
          responses: {
            202: response('Sending or scheduled', CampaignAnswer),
            400: error('Invalid input'),
            401: error('No valid API key'),
            404: error('Not found'),
            409: error('Not a draft, or no confirmed subscriber matches: nothing was sent'),
          },
        },
      },
      '/api/organizer/campaigns/{id}/cancel': {
        post: {
          summary: 'Cancel a draft, a scheduled or a paused campaign',
          security: secured,
          parameters: idParam(),
          responses: { 200: response('Cancelled', CampaignAnswer), 401: error('No valid API key'), 404: error('Not found'), 409: error('Sending or sent') },
        },
      },
      '/api/organizer/campaigns/{id}/resume': {
        post: {
          summary: 'Resume a paused campaign',
          security: secured,
          parameters: idParam(),
          responses: { 200: response('Sending again', CampaignAnswer), 401: error('No valid API key'), 404: error('Not found'), 409: error('Not paused') },
        },
      },
      '/api/organizer/campaigns/{id}/recipients': {
        get: {
          summary: 'Who got it and who did not, and why: recipients by state, a page at a time',
          security: secured,
          parameters: [
            ...idParam(),
            { in: 'query', name: 'state', schema: schemaOf(z.enum(RECIPIENT_STATES), 'input'), required: false },
            { in: 'query', name: 'cursor', schema: schemaOf(z.string().check(z.maxLength(QUERY_VALUE_MAX)), 'input'), required: false },
            { in: 'query', name: 'limit', schema: schemaOf(z.int().check(z.gte(1), z.lte(200)), 'input'), required: false },
          ],
          responses: { 200: response('A page of recipients', RecipientsAnswer), 400: error('Invalid query'), 401: error('No valid API key'), 404: error('Not found') },
        },
      },
      '/api/organizer/workshops': {
        get: { summary: 'All workshops', security: secured, responses: { 200: response('The list', z.object({ workshops: z.array(Workshop) })), 401: error('No valid API key') } },
        post: {
          summary: 'Create a draft workshop',
          security: secured,
          requestBody: requestBody(NewWorkshop),
          responses: { 201: response('Created', z.object({ workshop: Workshop })), 400: error('Invalid input'), 401: error('No valid API key') },
        },
      },
      '/api/organizer/workshops/{id}': {
        patch: {
          summary: 'Edit, reschedule or change capacity',
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
      '/api/organizer/workshops/{id}/survey': {
        get: {
          summary: 'The survey: questions, timing, and results once at least 3 people answered',
          security: secured,
          parameters: idParam(),
          responses: { 200: response('The survey', SurveyAnswer), 401: error('No valid API key'), 404: error('Not found') },
        },
        put: {
          summary: 'Change the questions or timing (until the workshop ends and before invitations go out)',
          security: secured,
          parameters: idParam(),
          requestBody: { required: true, ...requestBody(SurveyInput) },
          responses: {
            200: response('Changed', SurveyAnswer),
            400: error('Invalid input'),
            401: error('No valid API key'),
            404: error('Not found'),
            409: error('The workshop ended, is cancelled, or invitations went out'),
          },
        },
      },
    }),
    components: {
      schemas: convert('output'),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An organizer API key. Keys have scopes (read, workshops, campaigns, admin: each operation says which it needs), expire (401 after), and see registrations only of the workshops they organize unless they have the admin scope.',
        },
      },
    },
  });
