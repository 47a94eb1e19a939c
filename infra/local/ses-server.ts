/**
 * The SES emulator's own process (started by ./mail.ts, never directly): aws-ses-v2-local's server
 * (the SES v2 API, its store and the mail viewer), with what it lacks put in front of its routes in
 * the same process, so a mail costs one HTTP hop and the runtime's thread does none of this work:
 *
 * - GetAccount (GET /v2/email/account) answers the sending quota (`--max-send-rate`, SES's
 *   production default of 14 per second unless set);
 * - with `--enforce`, a SendEmail beyond that rate in the current second is answered as SES does
 *   when the maximum sending rate is exceeded: 429 TooManyRequestsException, nothing sent;
 * - a sent mail to a mailbox-simulator address (bounce@ or complaint@simulator.amazonses.com) is
 *   reported to the runtime over the IPC channel before the answer goes back, so the runtime
 *   publishes SES's event while the sender still waits (./mail.ts builds the event).
 *
 * - with `--latency-ms N` (HEARTH_CHAOS_SES_LATENCY_MS), every SES API request (/v2/…) waits N ms
 *   before the emulator sees it, as a slow SES would; one whose sender gave up meanwhile (its
 *   timeout) is dropped, never sent, as a request lost on the way.
 *
 * Arguments: --host H --port N [--max-send-rate N] [--enforce] [--latency-ms N]. It exits when the
 * runtime goes away.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ACCOUNT_PATH, SEND_EMAIL_PATH, simulatorKind, type SendEmailBody, type SesChildMessage, type SesParentMessage } from './ses-protocol';

const argument = (name: string): string | undefined => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
};
const host = argument('host') ?? '127.0.0.1';
const port = Number(argument('port'));
const maxSendRate = Number(argument('max-send-rate') ?? 14);
const enforce = process.argv.includes('--enforce');
const latencyMs = Number(argument('latency-ms') ?? 0);

const toParent = (message: SesChildMessage) => process.send?.(message);

/** Answers waiting for the runtime to have published their simulator events. */
const waiting = new Map<number, () => void>();
let sequence = 0;
process.on('message', (message: SesParentMessage) => {
  if (message?.type !== 'published') return;
  waiting.get(message.id)?.();
  waiting.delete(message.id);
});
process.on('disconnect', () => process.exit(0));

const destinations = (body: SendEmailBody): string[] => [
  ...(body.Destination?.ToAddresses ?? []),
  ...(body.Destination?.CcAddresses ?? []),
  ...(body.Destination?.BccAddresses ?? []),
];

/** Holds a successful SendEmail's answer to simulator addresses until the runtime has published its event. */
const reportSimulated = (req: IncomingMessage, res: ServerResponse) => {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    // express.json() has parsed the body onto the request by the time the emulator answers.
    const body = (req as IncomingMessage & { body?: SendEmailBody }).body;
    if (res.statusCode !== 200 || !body || !process.send || !destinations(body).some((address) => simulatorKind(address))) return end(...args);
    let messageId = '';
    try {
      messageId = String((JSON.parse(String(args[0])) as { MessageId?: unknown }).MessageId ?? '');
    } catch {
      // an answer without a message id: the event carries an empty one
    }
    const id = ++sequence;
    waiting.set(id, () => end(...args));
    const { FromEmailAddress, Destination, EmailTags, ConfigurationSetName } = body;
    toParent({ type: 'simulated', id, mail: { FromEmailAddress, Destination, EmailTags, ConfigurationSetName }, messageId });
    return res;
  }) as typeof res.end;
};

const main = async () => {
  const imported = (await import('aws-ses-v2-local')) as { default: unknown };
  const start = ((imported.default as { default?: unknown }).default ?? imported.default) as (config: { host: string; port: number }) => Promise<Server>;
  const server = await start({ host, port });
  const emulator = server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  server.removeAllListeners('request');

  let window = { second: 0, sent: 0, throttled: 0 };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url?.split('?')[0];
    if (req.method === 'GET' && path === ACCOUNT_PATH) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          DedicatedIpAutoWarmupEnabled: false,
          EnforcementStatus: 'HEALTHY',
          ProductionAccessEnabled: true,
          SendingEnabled: true,
          SendQuota: { Max24HourSend: 50_000, MaxSendRate: maxSendRate, SentLast24Hours: 0 },
        }),
      );
      return;
    }
    if (req.method === 'POST' && path === SEND_EMAIL_PATH) {
      if (enforce) {
        const second = Math.floor(Date.now() / 1000);
        if (window.second !== second) window = { second, sent: 0, throttled: 0 };
        if (window.sent >= maxSendRate) {
          if (window.throttled++ === 0) toParent({ type: 'log', line: `[mail] SES throttled a send: more than ${maxSendRate} this second (HEARTH_SES_ACCOUNT_MAX_RATE)` });
          req.resume();
          res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
          res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
          return;
        }
        window.sent++;
      }
      reportSimulated(req, res);
    }
    emulator(req, res);
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!(latencyMs > 0) || !req.url?.startsWith('/v2/')) return handle(req, res);
    let gone = false;
    res.once('close', () => (gone = true));
    setTimeout(() => {
      if (gone) req.resume();
      else handle(req, res);
    }, latencyMs);
  });
  console.log(`aws-ses-v2-local: server running at http://${host}:${port}`);
};

main().catch((error: unknown) => {
  console.error('aws-ses-v2-local: failed to start server', error);
  process.exit(1);
});
