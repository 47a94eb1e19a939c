import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, HttpRedirect } from '../../../shared/http/errors';
import { httpHandler } from '../../../shared/http/handler';
import type { HttpEvent } from '../../../shared/http/request';
import { csvDownload, htmlDocument, json, strictTransportSecurity, type HttpResult } from '../../../shared/http/response';
import { catalog } from '../../../shared/catalog';
import type { RouteKey } from '../../../shared/http/route-key';
import { projectRoot } from '../../../infra/stack';

/**
 * Strict-Transport-Security on every answer of every HTTP function when the site is served over
 * HTTPS (HEARTH_BASE_URL https://…, as on AWS), and never on http://localhost.
 */

const originalBaseUrl = process.env.HEARTH_BASE_URL;
afterEach(() => {
  if (originalBaseUrl === undefined) delete process.env.HEARTH_BASE_URL;
  else process.env.HEARTH_BASE_URL = originalBaseUrl;
});

const event = (routeKey: string): HttpEvent =>
  ({
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1] ?? '/',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: routeKey.split(' ')[0], path: routeKey.split(' ')[1], sourceIp: '127.0.0.1' } },
  }) as unknown as HttpEvent;

const context = { functionName: 'test', awsRequestId: 'test' } as Context;

type Handler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** One route per way an answer is made: by the route, a redirect, a 4xx, an unexpected failure, an unknown route. */
const routes: Partial<Record<RouteKey, (event: HttpEvent) => Promise<HttpResult>>> = {
  'GET /json': async () => json(200, { ok: true }),
  'GET /page': async () => htmlDocument(200, '<!doctype html><title>x</title>', "default-src 'none'"),
  'GET /file.csv': async () => csvDownload('file.csv', 'a,b\n'),
  'POST /form': async () => {
    throw new HttpRedirect('/done');
  },
  'POST /api/things': async () => {
    throw new HttpError(400, 'Some fields need attention', { name: 'Required' });
  },
  'GET /broken': async () => {
    throw new Error('boom');
  },
};
/** Named as the catalog names routes: here each by its own key. */
const keys = Object.fromEntries(Object.keys(routes).map((key) => [key, key])) as Record<RouteKey, RouteKey>;
const answers = ['GET /json', 'GET /page', 'GET /file.csv', 'POST /form', 'POST /api/things', 'GET /broken', 'GET /nowhere'];

describe('Strict-Transport-Security', () => {
  it.each(answers)('is on %s when the base URL is https', async (routeKey) => {
    process.env.HEARTH_BASE_URL = 'https://hearth.example.org';
    const handler = httpHandler(keys, routes as Record<RouteKey, (event: HttpEvent) => Promise<HttpResult>>) as unknown as Handler;
    const result = await handler(event(routeKey), context);
    expect(result.headers?.['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    // Next to the headers already sent.
    expect(result.headers?.['x-content-type-options']).toBe('nosniff');
  });

  it.each(answers)('is not on %s for http://localhost', async (routeKey) => {
    process.env.HEARTH_BASE_URL = 'http://localhost:3000';
    const handler = httpHandler(keys, routes as Record<RouteKey, (event: HttpEvent) => Promise<HttpResult>>) as unknown as Handler;
    const result = await handler(event(routeKey), context);
    expect(result.headers?.['strict-transport-security']).toBeUndefined();
  });

  it('is two years with subdomains', () => {
    expect(strictTransportSecurity).toBe('max-age=63072000; includeSubDomains');
  });

  // Every HTTP function of the catalog answers through httpHandler: an unknown route of each
  // (answered without touching any store) carries the header.
  it.each(catalog.filter((spec) => spec.trigger.kind === 'http').map((spec) => [spec.name, spec.entry] as const))('is sent by %s', async (_, entry) => {
    process.env.HEARTH_BASE_URL = 'https://hearth.example.org';
    // eslint-disable-next-line no-unsanitized/method -- the entry is a catalog path of this repository, not input
    const module = (await import(pathToFileURL(path.join(projectRoot, entry)).href)) as { handler: Handler };
    const result = await module.handler(event('GET /no-such-route-here'), context);
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['strict-transport-security']).toBe(strictTransportSecurity);
  });
});
