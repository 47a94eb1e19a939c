import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocal, useRuntimeInThisProcess, type LocalHandle } from '../support/local';

/**
 * Where the campaign send rate comes from: without HEARTH_SES_MAX_SEND_RATE, the SES account's own
 * quota (GetAccount SendQuota.MaxSendRate, as on AWS; the local emulator answers
 * HEARTH_SES_ACCOUNT_MAX_RATE); with it, the setting. Run in this process against the runtime's
 * DynamoDB Local (the shared per-second counter) and the real SES emulator.
 */
const QUOTA = 7;
let hearth: LocalHandle;
let takeSendSlots: typeof import('../../shared/mail/send-rate').takeSendSlots;
const configured = process.env.HEARTH_SES_MAX_SEND_RATE;

beforeAll(async () => {
  hearth = await startLocal({ env: { HEARTH_SES_ACCOUNT_MAX_RATE: String(QUOTA) } });
  await useRuntimeInThisProcess(hearth);
  delete process.env.HEARTH_SES_MAX_SEND_RATE;
  ({ takeSendSlots } = await import('../../shared/mail/send-rate'));
}, 120_000);

afterAll(async () => {
  if (configured === undefined) delete process.env.HEARTH_SES_MAX_SEND_RATE;
  else process.env.HEARTH_SES_MAX_SEND_RATE = configured;
  await hearth?.stop();
});

describe('the campaign send rate', () => {
  it('is the SES account’s quota when HEARTH_SES_MAX_SEND_RATE is not set, and the setting when it is', async () => {
    // Asked for far more than either: a grant is at most what one second allows.
    const fromQuota = await takeSendSlots(100);
    expect(fromQuota.count).toBe(QUOTA);

    process.env.HEARTH_SES_MAX_SEND_RATE = '4';
    const fromSetting = await takeSendSlots(100);
    expect(fromSetting.count).toBe(4);
    // The seconds counted so far are used up at 4 already, so this grant is from a later second.
    expect(fromSetting.second).toBeGreaterThan(fromQuota.second);
  }, 30_000);
});
