import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { draftCampaign } from '../support/campaigns';
import { csrfOf, post, signIn } from '../support/console';
import { api, cancelLinkIn, cancelThroughLink, createApiKey, form, mailsTo, publishedWorkshop, registerForm, registerJson } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';
import { leaksIn } from '../support/log-leaks';

/**
 * Logs carry ids only, whatever a request holds. Every route of the catalog (organizer and console
 * ones with an admin's API key, session and CSRF token) gets paths, query strings, headers and
 * bodies (JSON valid and broken, forms, invalid UTF-8, multipart, oversized, the wrong content
 * type) that carry marker addresses, and people register, subscribe, sign in and get a test mail
 * with them; then nothing the runtime printed (the functions' logs at DEBUG and the access log)
 * holds one of them, in any case or encoding, while every request has its access-log line.
 */
let hearth: LocalHandle;
let key: string;
let session: string;
let csrf: string;
let fuzzWorkshop: string;
let campaignId: string;

/** Unique to this run, so a marker cannot be anything else the runtime prints. */
const SALT = randomBytes(4).toString('hex');
const sent: string[] = [];
const marker = (upper = false) => {
  const address = `fuzz-${sent.length + 1}-${SALT}@example.test`;
  sent.push(address);
  return upper ? address.toUpperCase() : address;
};

/** The request id API Gateway answers with (`apigw-requestid`), of every request sent. */
const requestIds: string[] = [];
const noted = async (response: Response) => {
  requestIds.push(response.headers.get('apigw-requestid') ?? `(none for ${response.url.slice(0, 80)})`);
  await response.arrayBuffer();
  return response;
};

beforeAll(async () => {
  hearth = await startLocal({ env: { LOG_LEVEL: 'DEBUG', HEARTH_REGISTRATION_MIN_FILL_MS: '0' } });
  key = await createApiKey(hearth);
  session = await signIn(hearth, 'admin@hearth.localhost');
  csrf = await csrfOf(hearth, session);
  fuzzWorkshop = (await publishedWorkshop(hearth, key, { capacity: 2 })).id;
  campaignId = await draftCampaign(hearth, key);
});

afterAll(async () => {
  await hearth?.stop();
});

const everyRoute = catalog.flatMap((spec) => (spec.trigger.kind === 'http' ? spec.trigger.routes : []));

/** A body that carries the marker `m`, with the content type it would be sent with. */
type Body = { body: string | Uint8Array<ArrayBuffer>; type: string };
const bytes = (...parts: (string | number[])[]) => new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part)))));
const fields = (m: string) => ({ email: m, to: m, displayName: m, accessibilityNeeds: m, token: m, consent: true, topics: [m], role: 'organizer', subject: m, message: m, after: 'x' });
const bodies: Record<string, (m: string, withCsrf: boolean) => Body> = {
  json: (m) => ({ body: JSON.stringify(fields(m)), type: 'application/json' }),
  truncatedJson: (m) => ({ body: JSON.stringify(fields(m)).slice(0, -5), type: 'application/json' }),
  brokenJson: (m) => ({ body: `{"email": "${m}", "to": ${m}, }`, type: 'application/json; charset=utf-8' }),
  bareJson: (m) => ({ body: m, type: 'application/json' }),
  form: (m, withCsrf) => ({
    body: new URLSearchParams({ ...(withCsrf ? { csrf } : {}), ...Object.fromEntries(Object.entries(fields(m)).map(([k, v]) => [k, String(v)])) }).toString(),
    type: 'application/x-www-form-urlencoded',
  }),
  rawForm: (m, withCsrf) => ({ body: `${withCsrf ? `csrf=${encodeURIComponent(csrf)}&` : ''}email=${m}&to=${m}&role=organizer&consent=on&%zz=${m}`, type: 'application/x-www-form-urlencoded' }),
  invalidUtf8: (m, withCsrf) => ({
    body: bytes(`${withCsrf ? `csrf=${encodeURIComponent(csrf)}&` : ''}email=${m}&x=`, [0xff, 0xfe, 0xc3], m, [0xe2, 0x82]),
    type: 'application/x-www-form-urlencoded',
  }),
  invalidUtf8Json: (m) => ({ body: bytes(`{"email":"${m}`, [0xc3, 0x28, 0xa0], '"}'), type: 'application/json' }),
  multipart: (m) => ({ body: `--x\r\ncontent-disposition: form-data; name="email"\r\n\r\n${m}\r\n--x--\r\n`, type: 'multipart/form-data; boundary=x' }),
  text: (m) => ({ body: `email: ${m}`, type: 'text/plain' }),
  binary: (m) => ({ body: bytes(`email=${m}`), type: 'application/octet-stream' }),
  oversized: (m, withCsrf) => ({ body: `${withCsrf ? `csrf=${encodeURIComponent(csrf)}&` : ''}email=${encodeURIComponent(m)}&pad=${'a'.repeat(70_000)}&to=${m}`, type: 'application/x-www-form-urlencoded' }),
  oversizedJson: (m) => ({ body: JSON.stringify({ email: m, pad: m.repeat(4000) }), type: 'application/json' }),
};
const wrongTypes = ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x', ''];

/** Where the marker goes in the path: a parameter (raw or encoded), a segment more, a matrix part. */
const PATH_MODES = ['id', 'param', 'encodedParam', 'segment', 'encodedSegment', 'matrix'] as const;
const QUERIES: Record<string, (m: string) => string> = {
  none: () => '',
  email: (m) => `?email=${m}`,
  encoded: (m) => `?email=${encodeURIComponent(m)}&token=${encodeURIComponent(m)}`,
  bare: (m) => `?${m}`,
  many: (m) => `?q=${m}&topic=${m}&status=${m}&cursor=${m}&next=/x?email=${m}`,
  broken: (m) => `?email=%zz${m}%&%E2%28=${m}`,
};
const HEADERS: Record<string, (m: string) => Record<string, string>> = {
  none: () => ({}),
  custom: (m) => ({ 'x-email': m, from: m }),
  referer: (m) => ({ referer: `http://example.test/?email=${encodeURIComponent(m)}` }),
  userAgent: (m) => ({ 'user-agent': `Mozilla/5.0 (${m})` }),
  forwarded: (m) => ({ 'x-forwarded-for': m, forwarded: `for="${m}"` }),
  bearer: (m) => ({ authorization: `Bearer ${m}` }),
  cookie: (m) => ({ cookie: `${session}; email=${m}` }),
  contentType: (m) => ({ 'content-type': `application/json; email=${m}` }),
};

const params = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

const pathFor = (template: string, mode: (typeof PATH_MODES)[number], m: string) => {
  const names = params(template);
  const at = mode === 'param' || mode === 'encodedParam' ? Math.max(0, names.length - 1) : -1;
  let n = 0;
  const path = template.replace(/\{\w+\}/g, () => {
    const mine = n++ === at;
    if (!mine) return fuzzWorkshop;
    return mode === 'param' ? m : encodeURIComponent(m);
  });
  if (mode === 'segment') return `${path}/${m}`;
  if (mode === 'encodedSegment') return `${path}/${encodeURIComponent(m)}`;
  if (mode === 'matrix') return `${path};email=${m}`;
  // A route without parameters gets the marker in its last segment instead.
  if ((mode === 'param' || mode === 'encodedParam') && names.length === 0) return `${path}${path.endsWith('/') ? '' : '/'}${mode === 'param' ? m : encodeURIComponent(m)}`;
  return path;
};

interface Shot {
  route: string;
  pathMode: (typeof PATH_MODES)[number];
  query: string;
  header: string;
  body: string;
  wrongType: string | null;
  csrf: boolean;
  upper: boolean;
}

const shoot = async (shot: Shot) => {
  const m = marker(shot.upper);
  const [method, template] = shot.route.split(' ') as [string, string];
  // Signing out would end the session the other requests use.
  const withCsrf = shot.csrf && template !== '/console/sign-out';
  const payload = method === 'GET' ? undefined : bodies[shot.body]!(m, withCsrf);
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    cookie: session,
    origin: hearth.baseUrl,
    ...(payload ? { 'content-type': shot.wrongType ?? payload.type } : {}),
    ...HEADERS[shot.header]!(m),
  };
  if (headers['content-type'] === '') delete headers['content-type'];
  const path = `${pathFor(template, shot.pathMode, m)}${QUERIES[shot.query]!(m)}`;
  const response = await noted(await fetch(`${hearth.baseUrl}${path}`, { method, headers, body: payload?.body, redirect: 'manual' }));
  expect(response.status, `${method} ${path.slice(0, 200)}`).toBeLessThan(500);
};

/** What the runtime printed so far, and the lines of it that hold a marker address. */
const findings = () => {
  const output = hearth.output();
  return { output, leaks: leaksIn(output, sent) };
};

describe('logs carry ids only, whatever a request holds', () => {
  it('covers every route of the catalog', () => {
    expect(everyRoute.length).toBeGreaterThanOrEqual(80);
  });

  it('registering, subscribing, signing in and a test mail with a marker address', async () => {
    const workshop = (await publishedWorkshop(hearth, key, { capacity: 1 })).id;
    const first = marker();
    expect((await registerJson(hearth, workshop, first.toUpperCase(), { displayName: marker(), accessibilityNeeds: marker() })).status).toBe(202);
    expect((await registerJson(hearth, workshop, ` ${first} `)).status).toBe(202); // again: Registration Repeated
    expect((await registerForm(hearth, workshop, { email: marker(), consent: 'true', displayName: marker() })).status).toBe(200); // waitlisted
    expect((await api(hearth, 'POST', '/api/subscribers', { email: marker(true), topics: [], consent: true })).status).toBe(202);
    expect((await form(hearth, '/subscribe', { email: marker(), consent: 'true' })).status).toBe(200);
    expect((await post(hearth, '/console/sign-in', { email: marker() })).status).toBe(200); // nobody by that address
    const organizer = marker();
    expect((await post(hearth, '/console/organizers', { csrf, email: organizer, role: 'organizer' }, { cookie: session })).status).toBe(303);
    await signIn(hearth, organizer);
    const to = marker();
    const test = await api(hearth, 'POST', `/api/organizer/campaigns/${campaignId}/test`, { to }, key);
    expect(test.status, test.text).toBe(200);
    await hearth.waitForIdle();
    // Cancelling frees the place: the waitlisted person is promoted and mailed.
    expect((await cancelThroughLink(hearth, cancelLinkIn((await mailsTo(hearth, first))[0]!))).status).toBe(200);
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, to)).toHaveLength(1);
    expect(findings().leaks).toEqual([]);
  });

  it('every route, each way a marker can ride along', async () => {
    for (const route of everyRoute) {
      for (const [pathMode, query, header, body] of [
        ['param', 'email', 'none', 'json'],
        ['segment', 'encoded', 'custom', 'rawForm'],
        ['encodedParam', 'bare', 'cookie', 'invalidUtf8'],
        ['id', 'many', 'referer', 'oversized'],
      ] as const) {
        await shoot({ route, pathMode, query, header, body, wrongType: null, csrf: true, upper: false });
      }
    }
    expect(findings().leaks).toEqual([]);
  }, 120_000);

  it('random requests to every route', async () => {
    const shot = fc.record<Shot>({
      route: fc.constantFrom(...everyRoute),
      pathMode: fc.constantFrom(...PATH_MODES),
      query: fc.constantFrom(...Object.keys(QUERIES)),
      header: fc.constantFrom(...Object.keys(HEADERS)),
      body: fc.constantFrom(...Object.keys(bodies)),
      wrongType: fc.option(fc.constantFrom(...wrongTypes), { freq: 3 }),
      csrf: fc.boolean(),
      upper: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(shot, shoot), { numRuns: 1000 });
    await hearth.waitForIdle();
    expect(findings().leaks).toEqual([]);
  }, 120_000);

  it('printed an access-log line for every request, and none of it holds an address', async () => {
    await hearth.waitForIdle();
    const { output, leaks } = findings();
    expect(sent.length).toBeGreaterThan(1300);
    expect(requestIds.length).toBeGreaterThan(1300);
    const access = new Set(output.split('\n').flatMap((line) => line.match(/^\[http\] (\S+) /)?.[1] ?? []));
    expect(requestIds.filter((id) => !access.has(id)), 'requests without an access-log line').toEqual([]);
    // The functions' own logs are there too (DEBUG): the mails sent, by key.
    expect(output).toMatch(/"message":"Mail"/);
    expect(leaks).toEqual([]);
  });
});
