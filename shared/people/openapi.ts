import { error, requestBody, response, type OpenApiPart } from '../http/openapi';
import { MyDataInput, MyDataReceived } from './model';

/** The OpenAPI of a person's own requests (assembled with the others in shared/openapi.ts). */
export const openApi: OpenApiPart = {
  scopes: {},
  paths: {
    '/api/my-data': {
      post: {
        summary:
          'Ask what is held about an address (GDPR Art. 15 and 20): a single-use link, valid 15 minutes, is mailed to it. The same answer for any address, known or not',
        requestBody: requestBody(MyDataInput),
        responses: {
          202: response('Accepted: the link goes by mail', MyDataReceived),
          400: error('Invalid input, with field messages'),
          429: error('Too many requests from this client, or for this address (Retry-After: 900)'),
        },
      },
    },
  },
};
