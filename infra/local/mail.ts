import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, type Server } from 'node:http';
import { resolve } from 'node:path';
import { ACCOUNT_ID, REGION } from './lambda';
import { closeServer, ensurePortFree, listen, readBody } from './io';
import { OutputTail, stopChild, waitFor } from './processes';

/**
 * Mail: aws-ses-v2-local (the SES v2 emulator with its mail viewer) as a child process, and a small
 * proxy in front of it that the handlers' SESv2Client talks to. The proxy forwards every request
 * unchanged and, like SES's mailbox simulator, turns a mail to bounce@simulator.amazonses.com or
 * complaint@simulator.amazonses.com (also with a +label) into the event SES would publish to
 * EventBridge: 'Email Bounced' or 'Email Complaint Received' from source 'aws.ses'.
 * https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html#send-email-simulator
 *
 * It also plays the account: GetAccount (GET /v2/email/account) answers the sending quota
 * (`accountMaxSendRate`, SES's production default of 14 per second unless set), and with
 * `enforceSendRate` a SendEmail beyond that rate in the current second is answered as SES does when
 * the maximum sending rate is exceeded: 429 TooManyRequestsException, nothing sent.
 */
export interface SesEmulator {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export const startSesEmulator = async (options: {
  root: string;
  port: number;
  host?: string;
  timeoutMs?: number;
  onSpawn?: (child: ChildProcess) => void;
}): Promise<SesEmulator> => {
  const host = options.host ?? '127.0.0.1';
  await ensurePortFree(options.port, 'the SES emulator and mail viewer, HEARTH_MAIL_PORT');
  const cli = resolve(options.root, 'node_modules/aws-ses-v2-local/dist/cli.js');
  // SMTP_TRANSPORT would make the emulator relay mails to a real SMTP server: never locally.
  const { SMTP_TRANSPORT: _relay, ...env } = process.env;
  const child = spawn(process.execPath, [cli, '--host', host, '--port', String(options.port)], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  const output = new OutputTail(child);
  const url = `http://${host}:${options.port}`;
  try {
    await waitFor(
      async () => {
        const response = await fetch(`${url}/health-check`, { signal: AbortSignal.timeout(1000) });
        return response.ok;
      },
      { child, output, what: 'the SES emulator (aws-ses-v2-local)', timeoutMs: options.timeoutMs ?? 30_000 },
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, process: child, stop: () => stopChild(child) };
};

export type SimulatorKind = 'bounce' | 'complaint';

/** bounce@simulator.amazonses.com, bounce+label@…, "Name <bounce@…>"; case-insensitive. */
export const simulatorKind = (address: string): SimulatorKind | undefined => {
  const bare = (/<([^>]+)>\s*$/.exec(address)?.[1] ?? address).trim().toLowerCase();
  const match = /^(bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/.exec(bare);
  return match ? (match[1] as SimulatorKind) : undefined;
};

const bareAddress = (address: string): string => (/<([^>]+)>\s*$/.exec(address)?.[1] ?? address).trim();

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  EmailTags?: { Name: string; Value: string }[];
  ConfigurationSetName?: string;
}

export interface SesEventInput {
  source: 'aws.ses';
  detailType: 'Email Bounced' | 'Email Complaint Received';
  detail: Record<string, unknown>;
  resources: string[];
}

const feedbackId = () => `${randomBytes(8).toString('hex')}-${randomBytes(4).toString('hex')}-000000`;

/** The events SES publishes for a sent mail that went to simulator addresses (none for a normal mail). */
export const simulatorEvents = (body: SendEmailBody, messageId: string, now: Date): SesEventInput[] => {
  const destination = [...(body.Destination?.ToAddresses ?? []), ...(body.Destination?.CcAddresses ?? []), ...(body.Destination?.BccAddresses ?? [])];
  const bounced = destination.filter((address) => simulatorKind(address) === 'bounce').map(bareAddress);
  const complained = destination.filter((address) => simulatorKind(address) === 'complaint').map(bareAddress);
  if (bounced.length === 0 && complained.length === 0) return [];

  const timestamp = now.toISOString();
  const tags: Record<string, string[]> = {};
  for (const tag of body.EmailTags ?? []) (tags[tag.Name] ??= []).push(tag.Value);
  if (body.ConfigurationSetName) tags['ses:configuration-set'] = [body.ConfigurationSetName];
  const mail = {
    timestamp,
    source: body.FromEmailAddress ?? '',
    sourceArn: `arn:aws:ses:${REGION}:${ACCOUNT_ID}:identity/${bareAddress(body.FromEmailAddress ?? '').split('@').pop() ?? ''}`,
    sendingAccountId: ACCOUNT_ID,
    messageId,
    destination: destination.map(bareAddress),
    headersTruncated: false,
    tags,
  };
  const resources = body.ConfigurationSetName ? [`arn:aws:ses:${REGION}:${ACCOUNT_ID}:configuration-set/${body.ConfigurationSetName}`] : [];
  const events: SesEventInput[] = [];
  if (bounced.length > 0) {
    events.push({
      source: 'aws.ses',
      detailType: 'Email Bounced',
      resources,
      detail: {
        eventType: 'Bounce',
        mail,
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: bounced.map((emailAddress) => ({
            emailAddress,
            action: 'failed',
            status: '5.1.1',
            diagnosticCode: 'smtp; 550 5.1.1 user unknown',
          })),
          timestamp,
          feedbackId: feedbackId(),
          reportingMTA: 'dns; local.smtp-out.amazonses.com',
        },
      },
    });
  }
  if (complained.length > 0) {
    events.push({
      source: 'aws.ses',
      detailType: 'Email Complaint Received',
      resources,
      detail: {
        eventType: 'Complaint',
        mail,
        complaint: {
          complainedRecipients: complained.map((emailAddress) => ({ emailAddress })),
          timestamp,
          feedbackId: feedbackId(),
          complaintFeedbackType: 'abuse',
        },
      },
    });
  }
  return events;
};

export interface SesProxy {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const SEND_EMAIL_PATH = '/v2/email/outbound-emails';

const ACCOUNT_PATH = '/v2/email/account';

export const createSesProxy = async (options: {
  target: string;
  publish: (event: SesEventInput) => void;
  /** The account's MaxSendRate answered by GetAccount; default 14. */
  accountMaxSendRate?: number;
  /** Refuse SendEmail beyond accountMaxSendRate per second with 429, as SES does. Default off. */
  enforceSendRate?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
  port?: number;
}): Promise<SesProxy> => {
  const target = new URL(options.target);
  const now = options.now ?? (() => new Date());
  const maxSendRate = options.accountMaxSendRate ?? 14;
  // One pool of kept-alive connections to the emulator instead of a new connection per mail.
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let window = { second: 0, sent: 0, throttled: 0 };
  const server = createServer((req, res) => {
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
    if (options.enforceSendRate && req.method === 'POST' && path === SEND_EMAIL_PATH) {
      const second = Math.floor(Date.now() / 1000);
      if (window.second !== second) window = { second, sent: 0, throttled: 0 };
      if (window.sent >= maxSendRate) {
        if (window.throttled++ === 0) options.log?.(`[mail] SES throttled a send: more than ${maxSendRate} this second (HEARTH_SES_ACCOUNT_MAX_RATE)`);
        req.resume();
        res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
        res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
        return;
      }
      window.sent++;
    }
    readBody(req, 40 * 1024 * 1024)
      .then(
        (body) =>
          new Promise<void>((done, fail) => {
            const upstream = request(
              { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
              (answer) => {
                readBody(answer)
                  .then((answerBody) => {
                    const status = answer.statusCode ?? 502;
                    if (req.method === 'POST' && req.url?.split('?')[0] === SEND_EMAIL_PATH && status === 200) {
                      try {
                        const sent = JSON.parse(body.toString('utf8')) as SendEmailBody;
                        const { MessageId } = JSON.parse(answerBody.toString('utf8')) as { MessageId?: string };
                        // Published before the answer goes back, so the bus counts the delivery as
                        // pending while the sender still waits; the bus delivers it later.
                        for (const event of simulatorEvents(sent, MessageId ?? '', now())) options.publish(event);
                      } catch (error) {
                        options.log?.(`[mail] could not read a sent mail for the SES simulator: ${String(error)}`);
                      }
                    }
                    res.writeHead(status, answer.headers);
                    res.end(answerBody);
                    done();
                  })
                  .catch(fail);
              },
            );
            upstream.on('error', fail);
            upstream.end(body);
          }),
      )
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `SES emulator unreachable: ${error instanceof Error ? error.message : String(error)}` }));
        } else {
          res.destroy();
        }
      });
  });
  const port = await listen(server, options.port ?? 0, '127.0.0.1', 'SES proxy');
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      agent.destroy();
      await closeServer(server);
    },
  };
};
