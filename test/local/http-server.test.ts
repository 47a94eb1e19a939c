import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, fromHandlerResult, requestTime, toApiGatewayEvent, type HttpTarget } from '../../infra/local/http-server';
import { closeServer } from '../../infra/local/io';
import { createRouter } from '../../infra/local/routes';

/** Sends raw headers (duplicates stay separate, as a browser or proxy may send them). */
const rawRequest = (port: number, method: string, path: string, headers: [string, string][], body?: Buffer) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const flat = [['Host', `127.0.0.1:${port}`], ...headers].flat();
    const req = request({ host: '127.0.0.1', port, method, path, headers: flat as unknown as Record<string, string> }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });

describe('API Gateway v2 event', () => {
  const base = {
    method: 'POST',
    httpVersion: '1.1',
    sourceIp: '::ffff:127.0.0.1',
    serverPort: 3000,
    routeKey: 'POST /workshops/{id}/register',
    pathParameters: { id: 'w 1' },
    now: new Date('2026-03-12T19:03:58.123Z'),
  };

  it('has the shape API Gateway gives a Lambda function', () => {
    const event = toApiGatewayEvent({
      ...base,
      url: '/workshops/w%201/register?a=1&b=x%20y&a=2&flag',
      rawHeaders: ['Host', 'localhost:3000', 'X-Dup', 'one', 'x-dup', 'two', 'Cookie', 'session=abc; theme=dark', 'Content-Type', 'application/json', 'User-Agent', 'test-agent'],
      body: Buffer.from('{"name":"Ada"}'),
    });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /workshops/{id}/register',
      rawPath: '/workshops/w%201/register',
      rawQueryString: 'a=1&b=x%20y&a=2&flag',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { a: '1,2', b: 'x y', flag: '' },
      pathParameters: { id: 'w 1' },
      body: '{"name":"Ada"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost:3000',
        domainPrefix: 'localhost',
        http: { method: 'POST', path: '/workshops/w%201/register', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test-agent' },
        routeKey: 'POST /workshops/{id}/register',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: Date.parse('2026-03-12T19:03:58.123Z'),
      },
    });
    expect(event.headers).toMatchObject({
      host: 'localhost:3000',
      'x-dup': 'one,two',
      'content-type': 'application/json',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': '3000',
      'x-forwarded-proto': 'http',
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.requestContext.requestId).toMatch(/\S{8,}/);
  });

  it('base64-encodes bodies that are not text (forms included, as API Gateway does)', () => {
    const form = toApiGatewayEvent({ ...base, url: '/x', rawHeaders: ['Content-Type', 'application/x-www-form-urlencoded'], body: Buffer.from('name=Ada+L') });
    expect(form.isBase64Encoded).toBe(true);
    expect(Buffer.from(form.body!, 'base64').toString('utf8')).toBe('name=Ada+L');
    const text = toApiGatewayEvent({ ...base, url: '/x', rawHeaders: ['Content-Type', 'text/plain; charset=utf-8'], body: Buffer.from('hé') });
    expect(text).toMatchObject({ body: 'hé', isBase64Encoded: false });
    const none = toApiGatewayEvent({ ...base, url: '/x', rawHeaders: [], body: Buffer.alloc(0), pathParameters: {} });
    expect(none.body).toBeUndefined();
    expect(none.isBase64Encoded).toBe(false);
    expect(none.pathParameters).toBeUndefined();
    expect(none.queryStringParameters).toBeUndefined();
    expect(none.cookies).toBeUndefined();
  });

  it('formats requestContext.time like API Gateway', () => {
    expect(requestTime(new Date('2026-01-05T04:05:06Z'))).toBe('05/Jan/2026:04:05:06 +0000');
  });
});

describe('handler results as API Gateway interprets them', () => {
  it('structured results keep status, headers, cookies and decode base64 bodies', () => {
    const answer = fromHandlerResult({ statusCode: 201, headers: { 'X-A': 'b', n: 1 }, cookies: ['a=1', 'b=2'], body: Buffer.from([0, 1, 2]).toString('base64'), isBase64Encoded: true });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers).toEqual({ 'x-a': 'b', n: '1' });
    expect(answer.cookies).toEqual(['a=1', 'b=2']);
    expect([...answer.body]).toEqual([0, 1, 2]);
  });

  it('anything without statusCode is a 200 JSON body; a broken statusCode is a 500', () => {
    expect(fromHandlerResult({ ok: true })).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(fromHandlerResult({ ok: true }).body.toString()).toBe('{"ok":true}');
    expect(fromHandlerResult('Hello').body.toString()).toBe('Hello');
    expect(fromHandlerResult({ statusCode: 'nope' }).statusCode).toBe(500);
  });
});

describe('the HTTP server', () => {
  let port: number;
  let seen: APIGatewayProxyEventV2[] = [];
  let logged: string[] = [];
  const server = (() => {
    const target = (functionName: string, invoke: HttpTarget['invoke']): HttpTarget => ({ functionName, invoke });
    const router = createRouter<HttpTarget>([
      {
        routeKey: 'GET /api/workshops/{id}',
        target: target('echo', async (event) => {
          seen.push(event);
          return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: ['a=1; Path=/', 'b=2; Path=/'], body: JSON.stringify({ id: event.pathParameters?.id }) };
        }),
      },
      {
        routeKey: 'POST /upload',
        target: target('upload', async (event) => {
          seen.push(event);
          return { received: event.body?.length ?? 0 };
        }),
      },
      {
        routeKey: 'GET /boom',
        target: target('boom', async () => {
          throw new Error('kaput: no workshop for sam@example.org');
        }),
      },
    ]);
    return createHttpServer({
      router,
      log: (line) => logged.push(line),
      local: (req, res, url) => {
        if (url.pathname !== '/health') return false;
        res.end('local');
        return true;
      },
    });
  })();

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => closeServer(server));

  it('invokes the matched function with the event and writes its result, each cookie as its own set-cookie', async () => {
    seen = [];
    const response = await rawRequest(port, 'GET', '/api/workshops/a%2Fb?x=1&x=2', [
      ['Accept', 'text/html'],
      ['Accept', 'application/json'],
      ['Cookie', 'k=v'],
    ]);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ id: 'a/b' });
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(seen[0]).toMatchObject({
      routeKey: 'GET /api/workshops/{id}',
      rawPath: '/api/workshops/a%2Fb',
      pathParameters: { id: 'a/b' },
      queryStringParameters: { x: '1,2' },
      cookies: ['k=v'],
      headers: { accept: 'text/html,application/json' },
    });
  });

  it('answers API Gateway errors: 404 with no route, 500 when the handler throws, 413 over 10 MB', async () => {
    const notFound = await rawRequest(port, 'GET', '/nothing/here', []);
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body.toString())).toEqual({ message: 'Not Found' });
    const wrongMethod = await rawRequest(port, 'DELETE', '/api/workshops/1', []);
    expect(wrongMethod.status).toBe(404);

    const failed = await rawRequest(port, 'GET', '/boom', []);
    expect(failed.status).toBe(500);
    expect(JSON.parse(failed.body.toString())).toEqual({ message: 'Internal Server Error' });

    seen = [];
    const big = await rawRequest(port, 'POST', '/upload', [['Content-Type', 'application/octet-stream']], Buffer.alloc(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(seen).toHaveLength(0);
    const fits = await rawRequest(port, 'POST', '/upload', [['Content-Type', 'application/octet-stream']], Buffer.alloc(1024, 7));
    expect(fits.status).toBe(200);
    expect(seen[0]?.isBase64Encoded).toBe(true);
    expect(Buffer.from(seen[0]!.body!, 'base64')).toEqual(Buffer.alloc(1024, 7));
  });

  it('logs one access line a request, by request id and route key, never the path or the query', async () => {
    logged = [];
    const answers = [
      await rawRequest(port, 'GET', '/api/workshops/sam@example.org?email=sam%40example.org', []),
      await rawRequest(port, 'GET', '/api/workshops/sam%40example.org/more?sam@example.org', []),
      await rawRequest(port, 'GET', '//sam%40example.org', []),
      await rawRequest(port, 'GET', '/boom?to=sam@example.org', []),
      await rawRequest(port, 'POST', '/upload/sam@example.org', [['Content-Type', 'application/octet-stream']], Buffer.alloc(10 * 1024 * 1024 + 1)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 404, 404, 500, 413]);
    const ids = answers.map((answer) => answer.headers['apigw-requestid'] as string);
    expect(new Set(ids).size).toBe(5);
    const access = logged.filter((line) => / \d+ ms$/.test(line));
    expect(access.map((line) => line.replace(/ \d+ ms$/, ''))).toEqual([
      `[http] ${ids[0]} GET /api/workshops/{id} → echo 200`,
      `[http] ${ids[1]} GET (no route) 404`,
      `[http] ${ids[2]} GET (no route) 404`,
      `[http] ${ids[3]} GET /boom → boom 500`,
      `[http] ${ids[4]} POST (no route) 413`,
    ]);
    // The function's failure is logged with its stack, the address in its message masked.
    expect(logged.find((line) => line.includes('failed on GET /boom'))).toMatch(/^\[http\] \S+ boom failed on GET \/boom: Error: kaput: no workshop for \[address\]\n/);
    expect(logged.join('\n')).not.toMatch(/sam/i);
  });

  it('lets the runtime answer its own routes first', async () => {
    const response = await rawRequest(port, 'GET', '/health', []);
    expect(response.body.toString()).toBe('local');
  });
});
