import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { config } from '../config';

export type HttpResult = APIGatewayProxyStructuredResultV2;

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on form posts, and the
  // console's Origin check would refuse every form. Nothing goes to other sites either way.
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...securityHeaders, ...headers },
  body: JSON.stringify(body),
});

export const jsonError = (statusCode: number, message: string, fields?: Record<string, string>): HttpResult =>
  json(statusCode, { error: fields ? { message, fields } : { message } });

export const htmlDocument = (statusCode: number, document: string, csp: string): HttpResult => ({
  statusCode,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    ...securityHeaders,
  },
  body: document,
});

/** 303 See Other: after a form POST the browser GETs the result page (no resubmission on reload). */
export const seeOther = (location: string): HttpResult => ({
  statusCode: 303,
  headers: { location, ...securityHeaders },
  body: '',
});

/** A file download: never cached, never sniffed, no referrer (the file may list people). */
const download = (contentType: string, fileName: string, body: string): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  },
  body,
});

export const csvDownload = (fileName: string, body: string): HttpResult => download('text/csv; charset=utf-8', fileName, body);
export const jsonDownload = (fileName: string, body: unknown): HttpResult => download('application/json; charset=utf-8', fileName, JSON.stringify(body, null, 2));

/** Two years, subdomains included: the value hstspreload.org asks for, without opting into the preload list. */
export const strictTransportSecurity = 'max-age=63072000; includeSubDomains';

/**
 * Strict-Transport-Security on a response, when the site is served over HTTPS: HEARTH_BASE_URL
 * starts with https:// (on AWS always: API Gateway and CloudFront serve HTTPS only). Never for
 * http://localhost: browsers ignore HSTS over plain HTTP anyway, and one that honoured it would pin
 * every local server on localhost to HTTPS for two years.
 */
export const withTransportSecurity = (result: HttpResult): HttpResult =>
  config.baseUrl.startsWith('https://')
    ? { ...result, headers: { ...result.headers, 'strict-transport-security': strictTransportSecurity } }
    : result;
