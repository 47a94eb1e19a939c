import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { config } from '../config';
import { MailLedger } from './ledger-store';
import { mailLeaseMs, SES_MAX_ATTEMPTS, sesRequestTimeoutMs, sesSendDeadlineMs } from './ses-timing';
import { Suppressions } from './suppression-store';

/**
 * Sends one mail at most once per key, through SES v2. The endpoint comes from
 * AWS_ENDPOINT_URL_SESV2 (locally: the SES emulator).
 * 1. A suppressed address (bounce, complaint) is skipped, and the skip recorded.
 * 2. The key is claimed in the ledger; a key already sent or being sent is not sent again.
 * 3. SES sends; the ledger records it. A failed send releases the claim and throws (retried).
 */
export interface Mail {
  /** Unique per logical mail, e.g. `<event id>:<registration id>`. No personal data. */
  key: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The From header when it is not MAIL_FROM (a discreet mail: ./sender.ts). */
  from?: string;
  attachments?: { fileName: string; contentType: string; content: string }[];
  headers?: { name: string; value: string }[];
}

export type SendOutcome = 'sent' | 'suppressed' | 'duplicate';

export class MailInProgressError extends Error {
  constructor() {
    super('The same mail is being sent by another attempt; retry later');
    this.name = 'MailInProgressError';
  }
}

let ses: SESv2Client | undefined;

/**
 * The one SES v2 client (AWS_ENDPOINT_URL_SESV2 locally). Throttling and transient errors are
 * retried with backoff by the SDK; each attempt is cut off after the request timeout (./ses-timing.ts).
 */
export const sesClient = (): SESv2Client => {
  ses ??= new SESv2Client({
    maxAttempts: SES_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: sesRequestTimeoutMs(), requestTimeout: sesRequestTimeoutMs(), throwOnRequestTimeout: true },
  });
  return ses;
};

/**
 * One SendEmail, as it is: no ledger, no suppression check (callers that track each recipient
 * themselves, like campaign batches, use this). `tags` become SES message tags, which come back on
 * bounce and complaint events. Answers SES's message id.
 */
export const sendToSes = async (mail: Omit<Mail, 'key'> & { tags?: Record<string, string> }): Promise<string | undefined> => {
  const result = await sesClient().send(
    new SendEmailCommand({
      FromEmailAddress: mail.from ?? config.mailFrom,
      Destination: { ToAddresses: [mail.to] },
      ConfigurationSetName: config.sesConfigurationSet,
      ...(mail.tags ? { EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: mail.text, Charset: 'UTF-8' }, Html: { Data: mail.html, Charset: 'UTF-8' } },
          ...(mail.headers?.length ? { Headers: mail.headers.map((header) => ({ Name: header.name, Value: header.value })) } : {}),
          ...(mail.attachments?.length
            ? {
                Attachments: mail.attachments.map((attachment) => ({
                  FileName: attachment.fileName,
                  ContentType: attachment.contentType,
                  RawContent: new TextEncoder().encode(attachment.content),
                  ContentDisposition: 'ATTACHMENT' as const,
                })),
              }
            : {}),
        },
      },
    }),
    // Every attempt and the waits between them end by the deadline the ledger's lease outlasts.
    { abortSignal: AbortSignal.timeout(sesSendDeadlineMs()) },
  );
  return result.MessageId;
};

/** How long a duplicate delivery waits for a concurrent attempt at the same mail to finish. */
const waitForOtherMs = () => mailLeaseMs() + 5_000;

/**
 * Claims the mail's key. A concurrent attempt at the same mail (a duplicate delivery) is waited
 * for: it ends sent (nothing to do) or its lease runs out (it died; this attempt takes over).
 */
const claim = async (key: string, at: Date): Promise<'claimed' | 'done'> => {
  const started = Date.now();
  const deadline = started + waitForOtherMs();
  for (let wait = 100; ; wait = Math.min(wait * 2, 1_000)) {
    const result = await MailLedger.claim(key, new Date(at.getTime() + (Date.now() - started)));
    if (result.claimed) return 'claimed';
    if (result.status !== 'sending') return 'done';
    if (Date.now() + wait > deadline) throw new MailInProgressError();
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
};

export const sendMail = async (mail: Mail, at: Date): Promise<SendOutcome> => {
  if ((await claim(mail.key, at)) === 'done') return 'duplicate';
  // An address erased at its owner's request (a registration whose fields are gone) is mailed nothing.
  const suppressed = mail.to ? await Suppressions.find(mail.to) : 'erased';
  if (suppressed) {
    await MailLedger.settle(mail.key, 'suppressed', { reason: suppressed }, at);
    return 'suppressed';
  }
  let messageId: string | undefined;
  try {
    messageId = await sendToSes(mail);
  } catch (error) {
    await MailLedger.release(mail.key);
    throw error;
  }
  await MailLedger.settle(mail.key, 'sent', { messageId }, at);
  return 'sent';
};
