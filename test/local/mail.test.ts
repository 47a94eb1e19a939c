import { resolve } from 'node:path';
import { GetAccountCommand, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSesEmulator, type SesEmulator, type SesEventInput } from '../../infra/local/mail';
import { simulatorKind } from '../../infra/local/ses-protocol';
import { EmailBounced, EmailComplaintReceived } from '../../shared/mail/ses-events';
import { freePort } from '../support/local';

const root = resolve(import.meta.dirname, '../..');

describe('the SES simulator addresses', () => {
  it('recognises bounce/complaint, labelled and display-name forms, and nothing else', () => {
    expect(simulatorKind('bounce@simulator.amazonses.com')).toBe('bounce');
    expect(simulatorKind('Bounce+reg-42@Simulator.AmazonSES.com')).toBe('bounce');
    expect(simulatorKind('Ada <complaint+x@simulator.amazonses.com>')).toBe('complaint');
    expect(simulatorKind('success@simulator.amazonses.com')).toBeUndefined();
    expect(simulatorKind('bounce@example.org')).toBeUndefined();
    expect(simulatorKind('notbounce@simulator.amazonses.com')).toBeUndefined();
  });
});

describe("the SES emulator's process: aws-ses-v2-local with the simulator addresses and the account in front", () => {
  let emulator: SesEmulator;
  let client: SESv2Client;
  let events: SesEventInput[] = [];

  beforeAll(async () => {
    emulator = await startSesEmulator({ root, port: await freePort(), publish: (event) => events.push(event) });
    client = new SESv2Client({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await emulator?.stop();
  });
  beforeEach(async () => {
    events = [];
    await fetch(`${emulator.url}/clear-store`, { method: 'POST' });
  });

  const send = (to: string[], extra: { cc?: string[] } = {}) =>
    client.send(
      new SendEmailCommand({
        FromEmailAddress: 'Hearth <no-reply@hearth.localhost>',
        Destination: { ToAddresses: to, CcAddresses: extra.cc },
        EmailTags: [{ Name: 'kind', Value: 'confirmation' }],
        Content: {
          Simple: {
            Subject: { Data: 'Your place is confirmed' },
            Body: { Text: { Data: 'See you there.' }, Html: { Data: '<p>See you there.</p>' } },
            Attachments: [{ FileName: 'invite.ics', ContentType: 'text/calendar', RawContent: Buffer.from('BEGIN:VCALENDAR') }],
            Headers: [{ Name: 'List-Unsubscribe', Value: '<https://example.org/u>' }],
          },
        },
      }),
    );

  it('stores a normal mail as the emulator does and publishes nothing', async () => {
    const result = await send(['ada@example.org']);
    const store = (await (await fetch(`${emulator.url}/store`)).json()) as { emails: { messageId: string; subject: string; destination: { to: string[] }; attachments: { filename: string; content: string }[] }[] };
    expect(store.emails).toHaveLength(1);
    expect(store.emails[0]).toMatchObject({ messageId: result.MessageId, subject: 'Your place is confirmed', destination: { to: ['ada@example.org'] } });
    expect(store.emails[0]!.attachments[0]).toMatchObject({ filename: 'invite.ics', content: Buffer.from('BEGIN:VCALENDAR').toString('base64') });
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]);
  });

  it('publishes one Email Bounced event for a mail to bounce@simulator.amazonses.com, valid for its consumer', async () => {
    const result = await send(['bounce@simulator.amazonses.com', 'ada@example.org']);
    expect(events).toHaveLength(1);
    const [bounced] = events;
    expect(bounced).toMatchObject({ source: 'aws.ses', detailType: 'Email Bounced' });
    expect(bounced!.detail).toMatchObject({
      eventType: 'Bounce',
      mail: { messageId: result.MessageId, source: 'Hearth <no-reply@hearth.localhost>', destination: ['bounce@simulator.amazonses.com', 'ada@example.org'], tags: { kind: ['confirmation'] } },
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: 'bounce@simulator.amazonses.com', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
      },
    });
    expect(EmailBounced.detail.safeParse(bounced!.detail).success).toBe(true);
  });

  it('publishes Email Complaint Received for complaint+label@simulator.amazonses.com (in Cc too)', async () => {
    const result = await send(['ada@example.org'], { cc: ['complaint+reg-1@simulator.amazonses.com'] });
    expect(events.map((event) => event.detailType)).toEqual(['Email Complaint Received']);
    expect(events[0]!.detail).toMatchObject({
      eventType: 'Complaint',
      mail: { messageId: result.MessageId },
      complaint: { complainedRecipients: [{ emailAddress: 'complaint+reg-1@simulator.amazonses.com' }], complaintFeedbackType: 'abuse' },
    });
    expect(EmailComplaintReceived.detail.safeParse(events[0]!.detail).success).toBe(true);
  });

  it('answers the emulator errors and publishes nothing for a rejected mail', async () => {
    await expect(
      client.send(new SendEmailCommand({ Destination: { ToAddresses: ['bounce@simulator.amazonses.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } })),
    ).rejects.toThrow();
    expect(events).toEqual([]);
  });
});

describe("the SES emulator's account", () => {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const mail = (to: string) =>
    new SendEmailCommand({
      FromEmailAddress: 'no-reply@hearth.localhost',
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'Hi' } } } },
    });

  it("answers SES's production default of 14 per second and refuses nothing when not told otherwise", async () => {
    const emulator = await startSesEmulator({ root, port: await freePort() });
    const client = new SESv2Client({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      const account = await client.send(new GetAccountCommand({}));
      expect(account.SendQuota).toMatchObject({ MaxSendRate: 14 });
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => client.send(mail(`p${i}@example.org`))));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(20);
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });

  it('refuses sends beyond its rate in a second with 429 TooManyRequestsException, stores none of them, and says so once', async () => {
    const lines: string[] = [];
    const emulator = await startSesEmulator({ root, port: await freePort(), accountMaxSendRate: 3, enforceSendRate: true, log: (line) => lines.push(line) });
    const client = new SESv2Client({ endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    try {
      expect((await client.send(new GetAccountCommand({}))).SendQuota).toMatchObject({ MaxSendRate: 3 });
      // At the start of a second, so all eight arrive within it.
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => client.send(mail(`p${i}@example.org`))));
      const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      expect(results.length - refused.length).toBe(3);
      expect(refused.map((result) => (result.reason as { name?: string; $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode)).toEqual([429, 429, 429, 429, 429]);
      expect(refused.map((result) => (result.reason as { name?: string }).name)).toEqual(Array(5).fill('TooManyRequestsException'));
      const store = (await (await fetch(`${emulator.url}/store`)).json()) as { emails: unknown[] };
      expect(store.emails).toHaveLength(3);
      expect(lines.filter((line) => /SES throttled a send: more than 3 this second/.test(line))).toHaveLength(1);
    } finally {
      client.destroy();
      await emulator.stop();
    }
  });
});
