import type { IncomingMessage, ServerResponse } from 'node:http';
import { now } from '../../shared/clock';
import type { Bus } from './bus';
import type { DynamoDbChaos } from './dynamodb-chaos';
import { readBody, sendJson } from './io';
import type { LocalScheduler } from './scheduler';

/**
 * The runtime's own routes, never in the catalog and never on AWS:
 * - GET /health: 200 {"status":"ok"} once DynamoDB, mail and the table are ready, 503 before.
 * - GET /dev/bus: {pending, delivered, published, deadLetters}.
 * - POST /dev/bus/idle?timeout=ms: answers once no delivery is pending (504 after timeout, default 60 s).
 * - POST /dev/bus/hold, POST /dev/bus/release: hold new deliveries back, then let them go (benchmarks).
 * - GET /dev/bus/dead-letters: {deadLetters: [{id, functionName, source, detailType, reason, attempts,
 *   at}]}, without the events. POST /dev/bus/redrive {"id"?: "…"}: delivers that dead letter (or every
 *   one) again to the function it failed in: {redriven: [ids], refused: [{id, reason}]}; 404 when
 *   the id names none (`npm run hearth -- dead-letters`).
 * - GET /dev/clock: the local clock. POST /dev/clock {"set": "<ISO 8601 instant>"}: moves the one
 *   clock every handler reads (shared/clock.ts) forward to that instant, firing every schedule that
 *   fell due up to it in order, each at its own instant (./scheduler.ts), and answers once the
 *   resulting deliveries have finished (retries included) or gone to the dead-letter list, then
 *   deletes the items whose TTL passed (./dynamodb-ttl.ts, as AWS would within a day or two):
 *   {now, fired, expired, pending, delivered, published, deadLetters}. Moving it backwards is refused with 400.
 * - GET /dev/schedules: the pending one-time schedules, soonest first (names, instants, detail-types;
 *   their events carry ids only).
 * - GET /dev/chaos: {dynamodb: {probability, refused: {<error>: count}}}, what HEARTH_CHAOS_DYNAMODB
 *   refused so far (probability 0 and nothing refused when it is off).
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export const devRoutes =
  (options: {
    ready: () => boolean;
    bus: () => Bus | undefined;
    scheduler: () => LocalScheduler | undefined;
    dynamoChaos?: () => DynamoDbChaos | undefined;
    /** The local TTL (./dynamodb-ttl.ts): deletes what expired by the clock; how many items. */
    reapExpired?: () => Promise<number>;
  }) =>
  async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const method = req.method ?? 'GET';
    if (url.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
      if (options.ready()) sendJson(res, 200, { status: 'ok' });
      else sendJson(res, 503, { status: 'starting' });
      return true;
    }
    if (url.pathname === '/dev/chaos') {
      req.resume();
      const chaos = options.dynamoChaos?.();
      if (method !== 'GET') sendJson(res, 405, { message: `${method} is not allowed on /dev/chaos` });
      else sendJson(res, 200, { dynamodb: { probability: chaos?.probability() ?? 0, refused: chaos?.faults() ?? {} } });
      return true;
    }
    if (url.pathname === '/dev/clock') return clockRoute(req, res, method, options.bus(), options.scheduler(), options.reapExpired);
    if (url.pathname === '/dev/schedules') {
      req.resume();
      const scheduler = options.scheduler();
      if (method !== 'GET') sendJson(res, 405, { message: `${method} is not allowed on /dev/schedules` });
      else if (!scheduler) sendJson(res, 503, { message: 'The scheduler is not started yet' });
      else {
        sendJson(res, 200, {
          schedules: scheduler.list().map(({ name, groupName, at, source, detailType }) => ({ name, groupName, at, source, detailType })),
        });
      }
      return true;
    }
    if (!['/dev/bus', '/dev/bus/idle', '/dev/bus/hold', '/dev/bus/release', '/dev/bus/dead-letters', '/dev/bus/redrive'].includes(url.pathname)) return false;
    if (url.pathname === '/dev/bus/redrive' && method === 'POST') return redriveRoute(req, res, options.bus());
    req.resume();
    const bus = options.bus();
    if (!bus) {
      sendJson(res, 503, { message: 'The bus is not started yet' });
      return true;
    }
    if (url.pathname === '/dev/bus' && method === 'GET') {
      sendJson(res, 200, bus.stats());
      return true;
    }
    if (url.pathname === '/dev/bus/dead-letters' && method === 'GET') {
      sendJson(res, 200, { deadLetters: bus.stats().deadLetters.map(({ event: _event, ...listed }) => listed) });
      return true;
    }
    if ((url.pathname === '/dev/bus/hold' || url.pathname === '/dev/bus/release') && method === 'POST') {
      if (url.pathname === '/dev/bus/hold') bus.hold();
      else bus.release();
      sendJson(res, 200, bus.stats());
      return true;
    }
    if (url.pathname === '/dev/bus/idle' && method === 'POST') {
      const param = url.searchParams.get('timeout') ?? url.searchParams.get('timeoutMs');
      const timeout = param === null ? DEFAULT_IDLE_TIMEOUT_MS : Number(param);
      if (!Number.isFinite(timeout) || timeout < 0) {
        sendJson(res, 400, { message: 'timeout must be a number of milliseconds' });
        return true;
      }
      const idle = await bus.idle(timeout);
      const stats = bus.stats();
      if (idle) sendJson(res, 200, stats);
      else sendJson(res, 504, { message: `The bus still had ${stats.pending} pending deliveries after ${timeout} ms`, ...stats });
      return true;
    }
    sendJson(res, 405, { message: `${method} is not allowed on ${url.pathname}` });
    return true;
  };

const redriveRoute = async (req: IncomingMessage, res: ServerResponse, bus: Bus | undefined): Promise<true> => {
  let id: unknown;
  try {
    const text = (await readBody(req, 4096)).toString('utf8');
    id = text.trim() === '' ? undefined : (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    sendJson(res, 400, { message: 'Send JSON like {"id": "<dead letter id>"}, or nothing to redrive every dead letter' });
    return true;
  }
  if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > 100)) {
    sendJson(res, 400, { message: '"id" must be the id of a dead letter (see GET /dev/bus/dead-letters)' });
    return true;
  }
  if (!bus) {
    sendJson(res, 503, { message: 'The bus is not started yet' });
    return true;
  }
  const { redriven, refused } = bus.redrive(id === undefined ? undefined : [id]);
  const status = id !== undefined && redriven.length === 0 && refused.some((refusal) => refusal.reason === 'No dead letter with this id') ? 404 : 200;
  sendJson(res, status, { redriven: redriven.map((deadLetter) => deadLetter.id), refused });
  return true;
};

// eslint-disable-next-line security/detect-unsafe-regex -- the only nesting is `(\.\d+)?` inside an optional group: each group matches at most once, so matching is linear
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const clockRoute = async (
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  bus: Bus | undefined,
  scheduler: LocalScheduler | undefined,
  reapExpired: (() => Promise<number>) | undefined,
): Promise<true> => {
  if (method === 'GET') {
    req.resume();
    sendJson(res, 200, { now: now().toISOString() });
    return true;
  }
  if (method !== 'POST') {
    req.resume();
    sendJson(res, 405, { message: `${method} is not allowed on /dev/clock` });
    return true;
  }
  let set: unknown;
  try {
    set = (JSON.parse((await readBody(req, 4096)).toString('utf8')) as { set?: unknown }).set;
  } catch {
    sendJson(res, 400, { message: 'Send JSON like {"set": "2026-12-01T18:00:00Z"}' });
    return true;
  }
  if (typeof set !== 'string' || !ISO_INSTANT.test(set) || Number.isNaN(Date.parse(set))) {
    sendJson(res, 400, { message: '"set" must be an ISO 8601 instant with an offset, e.g. 2026-12-01T18:00:00Z' });
    return true;
  }
  const target = new Date(set);
  if (target.getTime() < now().getTime()) {
    sendJson(res, 400, { message: `The local clock only moves forward: it is already ${now().toISOString()}` });
    return true;
  }
  if (!bus || !scheduler) {
    sendJson(res, 503, { message: 'The runtime is not started yet' });
    return true;
  }
  const { fired, idle } = await scheduler.advance(target);
  const expired = (await reapExpired?.()) ?? 0;
  sendJson(res, idle ? 200 : 504, { now: now().toISOString(), fired, expired, ...bus.stats() });
  return true;
};
