import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bus } from './bus';
import { sendJson } from './io';

/**
 * The runtime's own routes, never in the catalog and never on AWS:
 * - GET /health: 200 {"status":"ok"} once DynamoDB, mail and the table are ready, 503 before.
 * - GET /dev/bus: {pending, delivered, published, deadLetters}.
 * - POST /dev/bus/idle?timeout=ms: answers once no delivery is pending (504 after timeout, default 60 s).
 * - POST /dev/bus/hold, POST /dev/bus/release: hold new deliveries back, then let them go (benchmarks).
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export const devRoutes =
  (options: { ready: () => boolean; bus: () => Bus | undefined }) =>
  async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const method = req.method ?? 'GET';
    if (url.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
      if (options.ready()) sendJson(res, 200, { status: 'ok' });
      else sendJson(res, 503, { status: 'starting' });
      return true;
    }
    if (!['/dev/bus', '/dev/bus/idle', '/dev/bus/hold', '/dev/bus/release'].includes(url.pathname)) return false;
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
