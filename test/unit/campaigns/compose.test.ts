import { describe, expect, it } from 'vitest';
import { readSendChoice, type ZonedReading } from '../../../shared/campaigns/compose';
import type { Outcome } from '../../../shared/kernel/refusal';

/** The console's send form read by the campaign's rules (no form, no HTTP). */
const fieldsOf = (outcome: Outcome<unknown>) => (outcome.ok ? undefined : outcome.fields);

describe('readSendChoice', () => {
  const at = new Date('2026-12-01T12:00:00Z');
  const later = (zoned: ZonedReading) => readSendChoice({ when: 'later', zoned }, at);

  it('answers no instant for "Send now", and the instant of a time ahead', () => {
    expect(readSendChoice({ when: 'now' }, at)).toEqual({ ok: true, value: undefined });
    expect(later({ ok: true, instant: '2026-12-02T09:30:00-05:00' })).toEqual({ ok: true, value: new Date('2026-12-02T14:30:00Z') });
  });

  it('refuses neither choice above the form, and each bad time on its field', () => {
    const neither = readSendChoice({}, at);
    expect(neither).toMatchObject({ ok: false, refused: 'invalid', message: 'Choose “Send now” or a time to schedule it. Nothing was sent.' });
    expect(fieldsOf(neither)).toBeUndefined();
    expect(fieldsOf(later({ ok: true, instant: '2026-12-01T12:00:00Z' }))).toEqual({ time: 'This time has passed. Choose a time in the future, or send now.' });
    expect(fieldsOf(later({ ok: true, instant: '2027-12-03T12:00:00Z' }))).toEqual({ date: 'Choose a date within 366 days from now' });
    expect(Object.keys(fieldsOf(later({ ok: false, reason: 'invalid-date' }))!)).toEqual(['date']);
    expect(Object.keys(fieldsOf(later({ ok: false, reason: 'invalid-time' }))!)).toEqual(['time']);
    expect(Object.keys(fieldsOf(later({ ok: false, reason: 'invalid-zone' }))!)).toEqual(['timezone']);
    expect(Object.keys(fieldsOf(later({ ok: false, reason: 'skipped' }))!)).toEqual(['time']);
  });
});
