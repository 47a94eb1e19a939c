import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { maskAddresses } from '../../shared/redact';
import { ACCOUNT_ID } from './lambda';
import { BodyTooLargeError, readBody, sendJson } from './io';
import type { Router } from './routes';

/**
 * The API Gateway HTTP API in front of the HTTP functions: each request becomes a payload format 2.0
 * event exactly as API Gateway builds it, the function's result becomes the response the way API
 * Gateway interprets it, and API Gateway's own answers (404, 413, 500, 503) keep their bodies.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** HTTP APIs give an integration at most 30 s, then answer 503. */
export const INTEGRATION_TIMEOUT_MS = 30_000;

export interface RequestInput {
  method: string;
  /** Path and query as received, e.g. `/workshops/a%20b?x=1`. */
  url: string;
  httpVersion: string;
  /** Node's rawHeaders: name, value, name, value… in arrival order. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  serverPort: number;
  routeKey: string;
  pathParameters: Record<string, string>;
  now?: Date;
  /** The request's id; a new one when not given. */
  requestId?: string;
}

/** API Gateway passes bodies of these content types as text; everything else is base64. */
export const isTextContentType = (contentType: string | undefined): boolean => {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** API Gateway's requestContext.time: `12/Mar/2020:19:03:58 +0000`. */
export const requestTime = (date: Date): string =>
  `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;

/** API Gateway's request ids (requestContext.requestId, the `apigw-requestid` header): 16 characters of base64. */
const newRequestId = () => randomBytes(10).toString('base64');

const decodeQueryComponent = (value: string): string => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
};

export const toApiGatewayEvent = (input: RequestInput): APIGatewayProxyEventV2 => {
  const now = input.now ?? new Date();
  const queryIndex = input.url.indexOf('?');
  const rawPath = (queryIndex === -1 ? input.url : input.url.slice(0, queryIndex)) || '/';
  const rawQueryString = queryIndex === -1 ? '' : input.url.slice(queryIndex + 1);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < input.rawHeaders.length; i += 2) {
    const name = input.rawHeaders[i]!.toLowerCase();
    const value = input.rawHeaders[i + 1]!;
    if (name === 'cookie') {
      // Format 2.0 moves cookies out of the headers into `cookies`, one entry per cookie.
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
      continue;
    }
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
  }
  const sourceIp = input.sourceIp.replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-port'] = String(input.serverPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const query: Record<string, string> = {};
  if (rawQueryString !== '') {
    for (const pair of rawQueryString.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const name = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? '' : decodeQueryComponent(pair.slice(eq + 1));
      query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
    }
  }

  const host = headers.host ?? 'localhost';
  const protocol = `HTTP/${input.httpVersion}`;
  const requestId = input.requestId ?? newRequestId();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split(':')[0]!.split('.')[0]!,
      http: {
        method: input.method.toUpperCase(),
        path: rawPath,
        protocol,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(Object.keys(input.pathParameters).length > 0 ? { pathParameters: { ...input.pathParameters } } : {}),
    isBase64Encoded: false,
  };
  if (input.body.length > 0) {
    const text = isTextContentType(headers['content-type']);
    event.body = text ? input.body.toString('utf8') : input.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
};

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const apiGatewayError = (statusCode: number, message: string): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ message })),
});

export const NOT_FOUND = () => apiGatewayError(404, 'Not Found');
export const TOO_LARGE = () => apiGatewayError(413, 'Request Entity Too Large');
export const INTERNAL_ERROR = () => apiGatewayError(500, 'Internal Server Error');
export const UNAVAILABLE = () => apiGatewayError(503, 'Service Unavailable');

/**
 * A function's result as API Gateway (format 2.0) turns it into a response: an object with a
 * statusCode is a structured response; anything else is a 200 JSON body (a string as is, other
 * values JSON-encoded). A malformed structured response is a 500, as on AWS.
 */
export const fromHandlerResult = (result: unknown): HttpAnswer => {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const structured = result as { statusCode: unknown; headers?: unknown; body?: unknown; cookies?: unknown; isBase64Encoded?: unknown };
    const status = Number(structured.statusCode);
    if (!Number.isInteger(status) || status < 100 || status > 599) return INTERNAL_ERROR();
    const headers: Record<string, string> = {};
    const cookies: string[] = [];
    if (structured.headers !== undefined && structured.headers !== null) {
      if (typeof structured.headers !== 'object') return INTERNAL_ERROR();
      for (const [name, value] of Object.entries(structured.headers as Record<string, unknown>)) {
        if (value === undefined || value === null) continue;
        if (name.toLowerCase() === 'set-cookie') cookies.push(String(value));
        else headers[name.toLowerCase()] = String(value);
      }
    }
    if (Array.isArray(structured.cookies)) cookies.push(...structured.cookies.map(String));
    const body = structured.body === undefined || structured.body === null ? '' : String(structured.body);
    return {
      statusCode: status,
      headers,
      cookies,
      body: structured.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
    };
  }
  const body = result === undefined ? '' : typeof result === 'string' ? result : JSON.stringify(result);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body ?? '', 'utf8') };
};

export const writeAnswer = (res: ServerResponse, answer: HttpAnswer): void => {
  const headers: Record<string, string | string[]> = { ...answer.headers, 'content-length': String(answer.body.length) };
  if (answer.cookies.length > 0) headers['set-cookie'] = answer.cookies;
  res.writeHead(answer.statusCode, headers);
  res.end(answer.body);
};

export interface HttpTarget {
  functionName: string;
  invoke(event: APIGatewayProxyEventV2): Promise<unknown>;
}

export interface HttpServerOptions<T extends HttpTarget> {
  router: Router<T>;
  /** Answers the runtime's own routes (/health, /dev/…); true when it handled the request. */
  local?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;
  /** False until the runtime is ready: catalog routes answer 503 meanwhile. */
  ready?: () => boolean;
  integrationTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * The access log, one line a request as the API's access log on AWS has it (infra/constructs/api.ts):
 * the request id (also the `apigw-requestid` header of the answer), the route key (the template,
 * `GET /workshops/{id}`; `(no route)` when none matched), the function, the status and the time. Never
 * the path or the query: a path segment or a query value can be an address or a link token.
 */
const accessLine = (requestId: string, route: string, functionName: string | undefined, status: number, ms: number): string =>
  `[http] ${requestId} ${route}${functionName ? ` → ${functionName}` : ''} ${status} ${ms} ms`;

/** An error as the runtime logs it: its stack, with anything shaped like an address masked. */
const failure = (error: unknown) => maskAddresses(error instanceof Error ? (error.stack ?? error.message) : String(error));

export const createHttpServer = <T extends HttpTarget>(options: HttpServerOptions<T>): Server => {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS;

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const started = Date.now();
    const rawUrl = req.url ?? '/';
    // Parsed as a path, never as a URL of its own: `//x` is the path `//x`, not the host x.
    const url = new URL(`http://localhost${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`);
    if (options.local && (await options.local(req, res, url))) return;

    res.setHeader('apigw-requestid', requestId);
    const method = (req.method ?? 'GET').toUpperCase();
    const match = options.router.match(method, url.pathname);
    const answer = (result: HttpAnswer) => {
      writeAnswer(res, result);
      log(accessLine(requestId, match?.routeKey ?? `${method} (no route)`, match?.target.functionName, result.statusCode, Date.now() - started));
    };
    let body: Buffer;
    try {
      body = await readBody(req, MAX_PAYLOAD_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        return answer(TOO_LARGE());
      }
      throw error;
    }
    if (!match) return answer(NOT_FOUND());
    if (options.ready && !options.ready()) return answer(UNAVAILABLE());

    const event = toApiGatewayEvent({
      method,
      url: rawUrl,
      httpVersion: req.httpVersion,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      serverPort: req.socket.localPort ?? 0,
      routeKey: match.routeKey,
      pathParameters: match.pathParameters,
      requestId,
    });
    let result: HttpAnswer;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const returned = await Promise.race([match.target.invoke(event), timeout]);
      if (returned === 'timeout') {
        log(`[http] ${requestId} ${match.target.functionName} did not answer ${match.routeKey} within ${timeoutMs / 1000} s`);
        result = UNAVAILABLE();
      } else {
        result = fromHandlerResult(returned);
      }
    } catch (error) {
      log(`[http] ${requestId} ${match.target.functionName} failed on ${match.routeKey}: ${failure(error)}`);
      result = INTERNAL_ERROR();
    } finally {
      clearTimeout(timer);
    }
    answer(result);
  };

  return createServer((req, res) => {
    const requestId = newRequestId();
    handle(req, res, requestId).catch((error: unknown) => {
      log(`[http] ${requestId} ${req.method} failed in the runtime (path and query left out: they may hold an address or a link token): ${failure(error)}`);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  });
};
