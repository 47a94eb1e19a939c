import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { useLinkSecret } from '../../shared/link-secret';
import { signToken, verifyToken } from '../../shared/tokens';

const secret = 'k'.repeat(64);
useLinkSecret(secret);
const data = z.object({ r: z.string() });
const ids = z.object({ w: z.string(), r: z.string() });
const at = new Date('2026-12-01T12:00:00Z');
const later = new Date('2026-12-02T12:00:00Z');

/** The token with one byte of its decoded form changed. */
const flipByte = (token: string, index: number) => {
  const raw = Buffer.from(token, 'base64url');
  raw[(index + raw.length) % raw.length]! ^= 0x01;
  return raw.toString('base64url');
};

/** Every reading of a token a curious person could try: base64url of it from each offset, of each piece between dots. */
const decodings = (token: string): string[] =>
  [token, ...token.split('.'), ...[1, 2, 3].map((offset) => token.slice(offset))].flatMap((part) => {
    const bytes = Buffer.from(part, 'base64url');
    return [bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('hex')];
  });

describe('link tokens', () => {
  it('round-trips a payload before it expires', async () => {
    const token = await signToken('cancel', { r: 'abc' }, later);
    expect(await verifyToken(token, 'cancel', data, at)).toEqual({ ok: true, value: expect.objectContaining({ r: 'abc' }) });
  });

  it('says expired after the expiry', async () => {
    const token = await signToken('cancel', { r: 'abc' }, at);
    expect(await verifyToken(token, 'cancel', data, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reveals no id when decoded, and two tokens for the same ids differ', async () => {
    const workshopId = randomUUID();
    const registrationId = randomUUID();
    const first = await signToken('cancel', { w: workshopId, r: registrationId }, later);
    const second = await signToken('cancel', { w: workshopId, r: registrationId }, later);
    expect(first).not.toBe(second);
    for (const token of [first, second]) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      for (const decoded of decodings(token)) {
        for (const id of [workshopId, registrationId, workshopId.replaceAll('-', ''), registrationId.replaceAll('-', '')]) expect(decoded).not.toContain(id);
        expect(decoded).not.toContain('cancel');
        expect(decoded).not.toMatch(/"[ewr]"\s*:/);
      }
      expect(await verifyToken(token, 'cancel', ids, at)).toEqual({ ok: true, value: expect.objectContaining({ w: workshopId, r: registrationId }) });
    }
    // Compact enough for a URL: two UUIDs, an expiry, the IV and the tag.
    expect(first.length).toBeLessThanOrEqual(180);
  });

  it('rejects any altered byte, a cut-short token and another key', async () => {
    const token = await signToken('cancel', { r: 'abc' }, later);
    const length = Buffer.from(token, 'base64url').length;
    for (let index = 0; index < length; index++) expect(await verifyToken(flipByte(token, index), 'cancel', data, at), `byte ${index}`).toEqual({ ok: false, reason: 'invalid' });
    for (const cut of [1, 4, 16, token.length - 1]) expect(await verifyToken(token.slice(0, cut), 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyToken(`${token}A`, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    useLinkSecret('other');
    try {
      expect(await verifyToken(token, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    } finally {
      useLinkSecret(secret);
    }
  });

  it('an altered token is invalid, not expired, even after its expiry', async () => {
    const token = await signToken('cancel', { r: 'abc' }, at);
    expect(await verifyToken(flipByte(token, -1), 'cancel', data, later)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects a token made for another purpose, one in the old signed format, and junk', async () => {
    const token = await signToken('unsubscribe', { r: 'abc' }, later);
    expect(await verifyToken(token, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    const oldFormat = `${Buffer.from(JSON.stringify({ p: 'cancel', e: 4102444800, r: 'abc' })).toString('base64url')}.${'A'.repeat(43)}`;
    expect(await verifyToken(oldFormat, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    for (const junk of [undefined, '', 'a', 'a.b.c', '...', 'x'.repeat(2000), '%%%.###', `${token}=`, ` ${token}`]) {
      expect(await verifyToken(junk, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('rejects a token over the length cap, even a real one', async () => {
    const token = await signToken('cancel', { r: 'x'.repeat(800) }, later);
    expect(token.length).toBeGreaterThan(1024);
    expect(await verifyToken(token, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
  });
});
