import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Email } from '../support/local';
import { pool } from './pool';

/** An SES client of the emulator, as a bench sends to it. */
export const emulatorClient = (mailUrl: string) =>
  new SESv2Client({ endpoint: mailUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** A SendEmail of a mail the emulator stored: the same sender, recipient, subject, parts and List- headers. */
export const resend = (mail: Email): SendEmailCommand => {
  const headers = (mail.headers ?? []).filter((header) => header.name.startsWith('List-'));
  return new SendEmailCommand({
    FromEmailAddress: mail.from,
    Destination: { ToAddresses: mail.destination.to },
    Content: {
      Simple: {
        Subject: { Data: mail.subject },
        Body: { Text: { Data: mail.body.text ?? '' }, Html: { Data: mail.body.html ?? '' } },
        ...(headers.length ? { Headers: headers.map((header) => ({ Name: header.name, Value: header.value })) } : {}),
      },
    },
  });
};

/**
 * The baseline of the mail benchmarks: the same mails, sent raw to the same SES emulator with
 * SendEmail at a few concurrencies; the fastest counts. `clear` empties the emulator between runs.
 */
export const rawSesSeconds = async (mailUrl: string, mails: readonly Email[], clear: () => Promise<void>, concurrencies = [16, 64]) => {
  const ses = emulatorClient(mailUrl);
  const raw: Record<number, number> = {};
  for (const concurrency of concurrencies) {
    raw[concurrency] = await pool(mails.length, concurrency, async (i) => {
      await ses.send(resend(mails[i]!));
    });
    await clear();
  }
  return { seconds: Math.min(...Object.values(raw)), raw };
};
