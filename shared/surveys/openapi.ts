import { error, idParam, requestBody, response, secured, type OpenApiPart } from '../http/openapi';
import { SurveyAnswer } from './api';
import { SurveyInput } from './model';

/** The OpenAPI of surveys: a workshop's survey in the organizer API (assembled with the others in shared/openapi.ts). */
export const openApi: OpenApiPart = {
  components: [['Survey', SurveyAnswer]],
  scopes: {
    'get /api/organizer/workshops/{id}/survey': ['read', 'workshops'],
    'put /api/organizer/workshops/{id}/survey': ['workshops'],
  },
  paths: {
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
  },
};
