import { beforeEach, describe, expect, it } from 'vitest';
import { useLinkSecret } from '../../../shared/link-secret';
import { confirmationUrl, preferencesUrl, readConfirmationToken, readPreferencesToken, readUnsubscribeToken, unsubscribeUrl } from '../../../shared/mailing-list/links';

// The secret held in the process, as the CLI holds it, in place of Secrets Manager.
useLinkSecret('k'.repeat(64));

const at = new Date('2026-06-01T12:00:00Z');
const days = (n: number) => new Date(at.getTime() + n * 24 * 3600 * 1000);
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

beforeEach(() => {
  process.env.HEARTH_BASE_URL = 'https://hearth.example.org/';
  return () => delete process.env.HEARTH_BASE_URL;
});

describe('the links of the mailing list', () => {
  it('unsubscribe: /unsubscribe?token=, names the subscriber and the campaign, works for a year', async () => {
    const url = await unsubscribeUrl('sub-1', 'camp-9', at);
    expect(url).toMatch(/^https:\/\/hearth\.example\.org\/unsubscribe\?token=[A-Za-z0-9._%-]+$/);
    expect(await readUnsubscribeToken(tokenOf(url), days(364))).toEqual({ ok: true, subscriberId: 'sub-1', campaignId: 'camp-9' });
    expect(await readUnsubscribeToken(tokenOf(url), days(366))).toEqual({ ok: false, reason: 'expired' });
    expect(await readUnsubscribeToken(tokenOf(await unsubscribeUrl('sub-1', undefined, at)), at)).toEqual({ ok: true, subscriberId: 'sub-1' });
  });

  it('preferences: /preferences?token=, a year', async () => {
    const url = await preferencesUrl('sub-1', at);
    expect(url).toMatch(/^https:\/\/hearth\.example\.org\/preferences\?token=/);
    expect(await readPreferencesToken(tokenOf(url), days(364))).toEqual({ ok: true, subscriberId: 'sub-1' });
    expect(await readPreferencesToken(tokenOf(url), days(366))).toEqual({ ok: false, reason: 'expired' });
  });

  it('confirmation: /subscribe/confirm?token=, bound to the request (its consent time), 7 days from the request', async () => {
    const url = await confirmationUrl('sub-1', '2026-06-01T11:59:00.000Z', at);
    expect(url).toMatch(/^https:\/\/hearth\.example\.org\/subscribe\/confirm\?token=/);
    expect(await readConfirmationToken(tokenOf(url), days(6.9))).toEqual({ ok: true, subscriberId: 'sub-1', consentAt: '2026-06-01T11:59:00.000Z' });
    expect(await readConfirmationToken(tokenOf(url), days(7.1))).toEqual({ ok: false, reason: 'expired' });
  });

  it('each purpose opens only its own door', async () => {
    const unsubscribe = tokenOf(await unsubscribeUrl('sub-1', undefined, at));
    const preferences = tokenOf(await preferencesUrl('sub-1', at));
    const confirm = tokenOf(await confirmationUrl('sub-1', at.toISOString(), at));
    expect((await readUnsubscribeToken(preferences, at)).ok).toBe(false);
    expect((await readUnsubscribeToken(confirm, at)).ok).toBe(false);
    expect((await readPreferencesToken(unsubscribe, at)).ok).toBe(false);
    expect((await readConfirmationToken(unsubscribe, at)).ok).toBe(false);
  });

  it('refuses tampering and junk, and carries no id, address or name readable in it', async () => {
    const token = tokenOf(await unsubscribeUrl('sub-1', 'camp-9', at));
    const decoded = Buffer.from(token, 'base64url').toString('latin1');
    for (const id of ['sub-1', 'camp-9', 'unsubscribe']) expect(decoded).not.toContain(id);
    const raw = Buffer.from(token, 'base64url');
    raw[20]! ^= 0x01;
    expect(await readUnsubscribeToken(raw.toString('base64url'), at)).toEqual({ ok: false, reason: 'invalid' });
    for (const junk of [undefined, '', 'x', `${token}.x`, 'a'.repeat(2000)]) expect(await readUnsubscribeToken(junk, at)).toEqual({ ok: false, reason: 'invalid' });
  });
});
