import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ACCOUNT_ID, REGION } from './lambda';
import { ensurePortFree } from './io';
import { OutputTail, stopChild, waitFor } from './processes';
import { bareAddress, simulatorKind, type SendEmailBody, type SesChildMessage, type SesParentMessage } from './ses-protocol';

/**
 * Mail: aws-ses-v2-local (the SES v2 emulator with its mail viewer) in a process of its own
 * (./ses-server.ts), which the handlers' SESv2Client talks to directly. In front of the emulator's
 * routes, in that process, Hearth adds what it lacks:
 *
 * - like SES's mailbox simulator, a mail to bounce@simulator.amazonses.com or
 *   complaint@simulator.amazonses.com (also with a +label) becomes the event SES would publish to
 *   EventBridge: 'Email Bounced' or 'Email Complaint Received' from source 'aws.ses'. The emulator
 *   reports the mail over IPC; the event is built and published here, before its answer goes back.
 *   https://docs.aws.amazon.com/ses/latest/dg/send-an-email-from-console.html#send-email-simulator
 * - the account: GetAccount (GET /v2/email/account) answers the sending quota
 *   (`accountMaxSendRate`, SES's production default of 14 per second unless set), and with
 *   `enforceSendRate` a SendEmail beyond that rate in the current second is answered as SES does
 *   when the maximum sending rate is exceeded: 429 TooManyRequestsException, nothing sent.
 * - a chaos switch, `latencyMs`: every SES API request waits that long before the emulator sees it
 *   (a slow SES); one whose sender timed out meanwhile is dropped.
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
  /** Where SES's events for mails to simulator addresses go (the bus). */
  publish?: (event: SesEventInput) => void;
  /** The account's MaxSendRate answered by GetAccount; default 14. */
  accountMaxSendRate?: number;
  /** Refuse SendEmail beyond accountMaxSendRate per second with 429, as SES does. Default off. */
  enforceSendRate?: boolean;
  /** Every SES API request waits this long before the emulator sees it (HEARTH_CHAOS_SES_LATENCY_MS). Default 0. */
  latencyMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}): Promise<SesEmulator> => {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  await ensurePortFree(options.port, 'the SES emulator and mail viewer, HEARTH_MAIL_PORT');
  // SMTP_TRANSPORT would make the emulator relay mails to a real SMTP server: never locally.
  const { SMTP_TRANSPORT: _relay, ...env } = process.env;
  const args = [
    '--import',
    'tsx',
    resolve(options.root, 'infra/local/ses-server.ts'),
    '--host',
    host,
    '--port',
    String(options.port),
    ...(options.accountMaxSendRate !== undefined ? ['--max-send-rate', String(options.accountMaxSendRate)] : []),
    ...(options.enforceSendRate ? ['--enforce'] : []),
    ...(options.latencyMs ? ['--latency-ms', String(options.latencyMs)] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  options.onSpawn?.(child);
  child.on('message', (message: SesChildMessage) => {
    if (message?.type === 'log') options.log?.(message.line);
    if (message?.type !== 'simulated') return;
    try {
      for (const event of simulatorEvents(message.mail, message.messageId, now())) options.publish?.(event);
    } catch (error) {
      options.log?.(`[mail] could not publish the SES simulator's event: ${String(error)}`);
    }
    if (child.connected) child.send({ type: 'published', id: message.id } satisfies SesParentMessage);
  });
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
