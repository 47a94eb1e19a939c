import * as z from 'zod/mini';
import '../zod-locale';
import { error, idParam, inputSchema, requestBody, response, secured, type OpenApiPart } from '../http/openapi';
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
} from './model';
import { QUERY_VALUE_MAX } from '../http/request';

/** The OpenAPI of campaigns: the organizer API (assembled with the others in shared/openapi.ts). */
export const openApi: OpenApiPart = {
  components: [['Campaign', CampaignAnswer]],
  scopes: {
    'get /api/organizer/campaigns': ['read', 'campaigns'],
    'post /api/organizer/campaigns': ['campaigns'],
    'get /api/organizer/campaigns/{id}': ['read', 'campaigns'],
    'patch /api/organizer/campaigns/{id}': ['campaigns'],
    'post /api/organizer/campaigns/{id}/test': ['campaigns'],
    'post /api/organizer/campaigns/{id}/send': ['campaigns'],
    'post /api/organizer/campaigns/{id}/cancel': ['campaigns'],
    'post /api/organizer/campaigns/{id}/resume': ['campaigns'],
    'get /api/organizer/campaigns/{id}/recipients': ['campaigns'],
  },
  forbidden: (path) => (path.endsWith('/send') ? 'Outside the key’s scope, or more than 500 recipients without the admin scope' : undefined),
  paths: {
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
          { in: 'query', name: 'state', schema: inputSchema(z.enum(RECIPIENT_STATES)), required: false },
          { in: 'query', name: 'cursor', schema: inputSchema(z.string().check(z.maxLength(QUERY_VALUE_MAX))), required: false },
          { in: 'query', name: 'limit', schema: inputSchema(z.int().check(z.gte(1), z.lte(200))), required: false },
        ],
        responses: { 200: response('A page of recipients', RecipientsAnswer), 400: error('Invalid query'), 401: error('No valid API key'), 404: error('Not found') },
      },
    },
  },
};
