import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { SurveyAnswer } from '../../shared/surveys/api';
import { defaultSurvey } from '../../shared/surveys/model';
import { surveyJson } from '../../shared/surveys/overview';
import { surveyResults } from '../../shared/surveys/results';
import { openApiDocument } from '../../shared/openapi';

/** The OpenAPI document is generated from the zod schemas; these checks keep it complete. */
describe('the OpenAPI document', () => {
  const document = openApiDocument() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };

  it('documents every JSON API route of the catalog, with its method', () => {
    const apiRoutes = catalog.flatMap((spec) => (spec.trigger.kind === 'http' ? spec.trigger.routes : [])).filter((route) => / \/api\//.test(route));
    expect(apiRoutes.length).toBeGreaterThan(10);
    for (const route of apiRoutes) {
      const [method, path] = route.split(' ') as [string, string];
      if (path === '/api/openapi.json') continue;
      expect(document.paths[path], route).toBeDefined();
      expect(document.paths[path]![method.toLowerCase()], route).toBeDefined();
    }
  });

  it('describes the survey endpoints from the same schemas the handlers use', () => {
    const put = document.paths['/api/organizer/workshops/{id}/survey']!.put as {
      requestBody: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } };
    };
    expect(Object.keys(put.requestBody.content['application/json'].schema.properties).sort()).toEqual(['delayMinutes', 'questions', 'reminderAfterHours']);
    expect(document.components.schemas.Survey).toBeDefined();
  });

  it('matches what the API answers about a survey, below and above the threshold', () => {
    const survey = defaultSurvey();
    const overview = (responses: number) => ({
      survey,
      sendsAt: '2027-01-01T10:00:00.000Z',
      remindsAt: '2027-01-04T10:00:00.000Z',
      results: surveyResults(survey, { invited: 5, responses, [`a:${survey.questions[0]!.id}`]: responses, [`n:${survey.questions[0]!.id}:4`]: responses }, []),
    });
    for (const responses of [1, 3]) expect(SurveyAnswer.parse(surveyJson(overview(responses)))).toEqual(surveyJson(overview(responses)));
    expect(surveyJson(overview(3)).results.questions?.length).toBe(survey.questions.length);
  });
});

describe('the organizer API in the OpenAPI document', () => {
  const document = openApiDocument() as { paths: Record<string, Record<string, { security?: unknown; 'x-scopes'?: string[]; responses: Record<string, unknown> }>> };

  it('says which scope each operation needs, and documents 401 and 403', () => {
    const organizer = Object.entries(document.paths).filter(([path]) => path.startsWith('/api/organizer/'));
    expect(organizer.length).toBeGreaterThan(10);
    for (const [path, operations] of organizer) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation['x-scopes'], `${method} ${path}`).toBeDefined();
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(document.paths['/api/organizer/workshops/{id}/registrations']!.get!['x-scopes']).toEqual(['workshops']);
    expect(document.paths['/api/organizer/workshops']!.get!['x-scopes']).toEqual(['read', 'workshops']);
  });
});
