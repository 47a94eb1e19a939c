import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { CancelWorkshop, NewWorkshop, RegistrationInput, WorkshopChanges } from './model';

/**
 * The OpenAPI 3.1 document of Hearth's JSON API, generated from the zod schemas the handlers
 * validate with (request bodies) and the shapes they answer.
 */
const ErrorBody = z
  .object({ error: z.object({ message: z.string(), fields: z.record(z.string(), z.string()).optional() }) })
  .meta({ id: 'Error' });

const PublicWorkshop = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timezone: z.string(),
    facilitator: z.string().optional(),
    format: z.enum(['online', 'in-person', 'hybrid']),
    seatsLeft: z.number().int(),
    waitlistOpen: z.boolean(),
    full: z.boolean(),
    cancelled: z.boolean(),
  })
  .meta({ id: 'PublicWorkshop' });

const Workshop = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timezone: z.string(),
    capacity: z.number().int(),
    waitlist: z.boolean(),
    location: z.string().optional(),
    onlineUrl: z.string().optional(),
    facilitator: z.string().optional(),
    status: z.enum(['draft', 'published', 'cancelled']),
    confirmedCount: z.number().int(),
    waitlistCount: z.number().int(),
    sequence: z.number().int(),
    cancellationMessage: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Workshop' });

const RegistrationResult = z
  .object({ id: z.string(), status: z.enum(['confirmed', 'waitlisted', 'cancelled']), waitlistPosition: z.number().int().optional() })
  .meta({ id: 'RegistrationResult' });

const RosterEntry = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string().nullable(),
    status: z.enum(['confirmed', 'waitlisted', 'cancelled']),
    waitlistPosition: z.number().int().nullable(),
    accessibilityNeeds: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'RosterEntry' });

const jsonContent = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...jsonContent(ErrorBody) });
const idParam = { path: z.object({ id: z.string() }) };
const secured = [{ apiKey: [] }];

let document: ReturnType<typeof createDocument> | undefined;

export const openApiDocument = () =>
  (document ??= createDocument({
    openapi: '3.1.0',
    info: { title: 'Hearth API', version: '1.0.0', description: 'Workshop registration for peer-support organisations.' },
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An organizer API key' } } },
    paths: {
      '/api/workshops': {
        get: { summary: 'Published upcoming workshops', responses: { 200: { description: 'The list', ...jsonContent(z.object({ workshops: z.array(PublicWorkshop) })) } } },
      },
      '/api/workshops/{id}': {
        get: {
          summary: 'One workshop (no online link or private location)',
          requestParams: idParam,
          responses: { 200: { description: 'The workshop', ...jsonContent(z.object({ workshop: PublicWorkshop })) }, 404: error('No such published workshop') },
        },
      },
      '/api/workshops/{id}/registrations': {
        post: {
          summary: 'Register for a workshop',
          requestParams: idParam,
          requestBody: jsonContent(RegistrationInput),
          responses: {
            201: { description: 'Registered (confirmed or waitlisted)', ...jsonContent(RegistrationResult) },
            200: { description: 'This email was already registered: the existing registration', ...jsonContent(RegistrationResult) },
            400: error('Invalid input, with field messages'),
            404: error('No such published workshop'),
            409: error('Full without waitlist, cancelled or already started'),
            413: error('Body too large'),
          },
        },
      },
      '/api/organizer/workshops': {
        get: { summary: 'All workshops', security: secured, responses: { 200: { description: 'The list', ...jsonContent(z.object({ workshops: z.array(Workshop) })) }, 401: error('No valid API key') } },
        post: {
          summary: 'Create a draft workshop',
          security: secured,
          requestBody: jsonContent(NewWorkshop),
          responses: { 201: { description: 'Created', ...jsonContent(z.object({ workshop: Workshop })) }, 400: error('Invalid input'), 401: error('No valid API key') },
        },
      },
      '/api/organizer/workshops/{id}': {
        patch: {
          summary: 'Edit, reschedule or change capacity',
          security: secured,
          requestParams: idParam,
          requestBody: jsonContent(WorkshopChanges),
          responses: { 200: { description: 'Changed', ...jsonContent(z.object({ workshop: Workshop })) }, 400: error('Invalid input'), 401: error('No valid API key'), 404: error('Not found'), 409: error('Conflicts with its state') },
        },
      },
      '/api/organizer/workshops/{id}/publish': {
        post: { summary: 'Publish', security: secured, requestParams: idParam, responses: { 200: { description: 'Published', ...jsonContent(z.object({ workshop: Workshop })) }, 401: error('No valid API key'), 404: error('Not found'), 409: error('Cancelled') } },
      },
      '/api/organizer/workshops/{id}/cancel': {
        post: {
          summary: 'Cancel and tell every registrant',
          security: secured,
          requestParams: idParam,
          requestBody: { required: false, ...jsonContent(CancelWorkshop) },
          responses: { 200: { description: 'Cancelled', ...jsonContent(z.object({ workshop: Workshop })) }, 401: error('No valid API key'), 404: error('Not found') },
        },
      },
      '/api/organizer/workshops/{id}/registrations': {
        get: { summary: 'The roster', security: secured, requestParams: idParam, responses: { 200: { description: 'Registrations', ...jsonContent(z.object({ registrations: z.array(RosterEntry) })) }, 401: error('No valid API key'), 404: error('Not found') } },
      },
    },
  }));
