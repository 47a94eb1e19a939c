import * as z from 'zod/mini';
import '../zod-locale';
import { error, requestBody, response, secured, type OpenApiPart } from '../http/openapi';
import { SubscribeAccepted, SubscribeInput, TopicInput, TopicList } from './model';

/** The OpenAPI of the mailing list: joining it, its topics (assembled with the others in shared/openapi.ts). */
export const openApi: OpenApiPart = {
  scopes: {
    'post /api/organizer/topics': ['campaigns'],
  },
  paths: {
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
  },
};
