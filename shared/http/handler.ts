import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Refused } from '../kernel/refusal';
import { logger } from '../log';
import { HttpError, HttpRedirect } from './errors';
import { statusOf } from './refusal';
import { checkRequestShape, type HttpEvent } from './request';
import { jsonError, seeOther, withTransportSecurity, type HttpResult } from './response';
import type { NamedRoutes, RouteKey } from './route-key';

export type Route = (event: HttpEvent) => Promise<HttpResult>;

export interface HttpHandlerOptions {
  /** Renders an error for a browser; JSON routes (under /api) always answer JSON. */
  errorPage?: (status: number, message: string) => HttpResult;
}

const isApi = (event: HttpEvent) => event.rawPath.startsWith('/api/') || event.rawPath === '/api';

/**
 * A Lambda handler serving the catalog routes of one function, by the names ../routes.ts gives
 * them: it dispatches on API Gateway's routeKey, refuses path parameters and query values no route
 * can take (404, 400: `checkRequestShape`), answers refusals and HttpErrors with their status, and
 * turns anything unexpected into a 500 that logs the error (never the request body) and says
 * nothing internal to the client.
 */
export const httpHandler = <R extends NamedRoutes>(keys: R, routes: { [Name in keyof R]: Route }, options: HttpHandlerOptions = {}) => {
  const byKey: Partial<Record<RouteKey, Route>> = {};
  for (const [name, key] of Object.entries(keys)) {
    const route = routes[name as keyof R];
    if (!route) throw new Error(`No route answers ${name} (${key})`);
    byKey[key] = route;
  }
  return serve(byKey, options);
};

const serve = (routes: Partial<Record<RouteKey, Route>>, options: HttpHandlerOptions) => {
  const answer = (event: HttpEvent, status: number, message: string, fields?: Record<string, string>, headers: Record<string, string> = {}) => {
    const result = !isApi(event) && options.errorPage ? options.errorPage(status, message) : jsonError(status, message, fields);
    return { ...result, headers: { ...result.headers, ...headers } };
  };

  return middy<HttpEvent, HttpResult, Error, Context>()
    .before((request) => {
      logger.addContext(request.context);
      logger.appendKeys({ routeKey: request.event.routeKey });
    })
    // Every answer, errors and redirects included: HSTS when the site is served over HTTPS.
    .after((request) => {
      if (request.response) request.response = withTransportSecurity(request.response);
    })
    .handler(async (event) => {
      const route = routes[event.routeKey as RouteKey];
      if (!route) return answer(event, 404, 'Not found');
      try {
        checkRequestShape(event);
        return await route(event);
      } catch (error) {
        if (error instanceof HttpRedirect) return seeOther(error.location);
        if (error instanceof Refused) {
          const { refusal } = error;
          const retryAfter = refusal.retryAfterSeconds ? { 'retry-after': String(refusal.retryAfterSeconds) } : undefined;
          return answer(event, statusOf(refusal), refusal.message, refusal.fields, retryAfter);
        }
        if (error instanceof HttpError) {
          if (error.status >= 500) logger.error('Request failed', { status: error.status, error });
          return answer(event, error.status, error.message, error.fields);
        }
        logger.error('Unexpected failure', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
        return answer(event, 500, 'Something went wrong on our side. Please try again in a moment.');
      }
    });
};
