import { resolve } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSesProxy, simulatorKind, startSesEmulator, type SesEmulator, type SesEventInput, type SesProxy } from '../../infra/local/mail';
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

describe('the SES proxy in front of a real aws-ses-v2-local', () => {
  let emulator: SesEmulator;
  let proxy: SesProxy;
  let client: SESv2Client;
  let events: SesEventInput[] = [];

  beforeAll(async () => {
    emulator = await startSesEmulator({ root, port: await freePort() });
    proxy = await createSesProxy({ target: emulator.url, publish: (event) => events.push(event) });
    client = new SESv2Client({ endpoint: proxy.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await proxy?.close();
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

  it('forwards a normal mail unchanged (it reaches the emulator store) and publishes nothing', async () => {
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

  it('passes the emulator errors through and publishes nothing for a rejected mail', async () => {
    await expect(
      client.send(new SendEmailCommand({ Destination: { ToAddresses: ['bounce@simulator.amazonses.com'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } } })),
    ).rejects.toThrow();
    expect(events).toEqual([]);
  });
});
