import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { signWith, verifyWith } from '../../shared/tokens';

const key = Buffer.from('k'.repeat(64));
const data = z.object({ r: z.string() });
const at = new Date('2026-12-01T12:00:00Z');
const later = new Date('2026-12-02T12:00:00Z');

describe('signed link tokens', () => {
  it('round-trips a payload before it expires', () => {
    const token = signWith(key, 'cancel', { r: 'abc' }, later);
    expect(verifyWith(key, token, 'cancel', data, at)).toEqual({ ok: true, value: expect.objectContaining({ r: 'abc' }) });
  });

  it('says expired after the expiry', () => {
    const token = signWith(key, 'cancel', { r: 'abc' }, at);
    expect(verifyWith(key, token, 'cancel', data, later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects a tampered payload, a tampered signature and another key', () => {
    const token = signWith(key, 'cancel', { r: 'abc' }, later);
    const [body, signature] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ p: 'cancel', e: 4102444800, r: 'xyz' })).toString('base64url');
    expect(verifyWith(key, `${forgedBody}.${signature}`, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    expect(verifyWith(key, `${body}.${flipped}`, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyWith(Buffer.from('other'), token, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('rejects a token made for another purpose, and junk', () => {
    const token = signWith(key, 'unsubscribe', { r: 'abc' }, later);
    expect(verifyWith(key, token, 'cancel', data, at).ok).toBe(false);
    for (const junk of [undefined, '', 'a', 'a.b.c', '...', 'x'.repeat(2000), '%%%.###']) {
      expect(verifyWith(key, junk, 'cancel', data, at)).toEqual({ ok: false, reason: 'invalid' });
    }
  });

  it('never puts personal data in the token: only what it was given', () => {
    const token = signWith(key, 'cancel', { r: 'abc' }, later);
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(Object.keys(payload).sort()).toEqual(['e', 'p', 'r']);
  });
});
