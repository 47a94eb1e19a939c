import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailsTo } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type LocalHandle } from '../support/local';

/**
 * The mail ledger's lease outlasts the longest a send can take (shared/mail/ses-timing.ts), so a
 * slow SES never lets a duplicate delivery send a mail again. Run in this process against the
 * runtime's DynamoDB Local and its SES emulator behind HEARTH_CHAOS_SES_LATENCY_MS, which makes
 * SES answer after 21 s: longer than the 20 s lease the ledger had, shorter than the request
 * timeout set here (25 s; the lease is derived from it exactly as from the 5 s default).
 */
const LATENCY_MS = 21_000;
let hearth: LocalHandle;
let sendMail: typeof import('../../shared/mail/send').sendMail;
let mailLeaseMs: typeof import('../../shared/mail/ses-timing').mailLeaseMs;

beforeAll(async () => {
  hearth = await startLocal({ env: { HEARTH_CHAOS_SES_LATENCY_MS: String(LATENCY_MS) } });
  await useRuntimeInThisProcess(hearth, { HEARTH_SES_REQUEST_TIMEOUT_MS: '25000', LOG_LEVEL: 'ERROR' });
  ({ sendMail } = await import('../../shared/mail/send'));
  ({ mailLeaseMs } = await import('../../shared/mail/ses-timing'));
});

afterAll(async () => {
  await hearth?.stop();
});

describe('a duplicate delivery while SES answers slowly', () => {
  it('waits for the slow send and finds it sent: the mail goes once', async () => {
    expect(mailLeaseMs()).toBeGreaterThan(LATENCY_MS);
    const mail = { key: 'slow-ses:registration-1', to: 'slow-ses@example.org', subject: 'Your place', text: 'See you there', html: '<p>See you there</p>' };

    // Two deliveries of the same event at once, as a duplicate delivery runs them.
    const outcomes = await Promise.all([sendMail(mail, new Date()), sendMail(mail, new Date())]);

    expect(outcomes.sort()).toEqual(['duplicate', 'sent']);
    expect(await mailsTo(hearth, 'slow-ses@example.org')).toHaveLength(1);
  }, 120_000);
});
