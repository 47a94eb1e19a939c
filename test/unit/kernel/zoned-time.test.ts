import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatWhen } from '../../../shared/kernel/zoned-time';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('formatWhen', () => {
  it('shows an evening session in New York with the full zone name', () => {
    expect(formatWhen('2026-12-01T18:00:00-05:00', '2026-12-01T19:30:00-05:00', NY)).toBe(
      'Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time',
    );
  });

  it('converts from any offset to the workshop zone', () => {
    expect(formatWhen('2026-12-01T23:00:00Z', '2026-12-02T00:30:00Z', NY)).toBe(
      'Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time',
    );
    expect(formatWhen('2026-12-01T18:00:00-05:00', '2026-12-01T19:30:00-05:00', BERLIN)).toBe(
      'Wednesday, December 2, 2026, 12:00 – 1:30 AM Central European Standard Time',
    );
  });

  it('names both day periods when a session runs from morning into the afternoon', () => {
    expect(formatWhen('2026-12-01T16:00:00Z', '2026-12-01T18:30:00Z', NY)).toBe(
      'Tuesday, December 1, 2026, 11:00 AM – 1:30 PM Eastern Standard Time',
    );
  });

  it('names both days when a session ends after midnight', () => {
    expect(formatWhen('2026-12-02T03:00:00Z', '2026-12-02T06:00:00Z', NY)).toBe(
      'Tuesday, December 1, 2026, 10:00 PM – Wednesday, December 2, 2026, 1:00 AM Eastern Standard Time',
    );
  });

  it('uses plain spaces only (no narrow or thin spaces from Intl)', () => {
    expect(formatWhen('2026-12-01T23:00:00Z', '2026-12-02T00:30:00Z', NY)).not.toMatch(/[\u00a0\u2009\u202f]/);
  });

  describe('US daylight saving time (America/New_York)', () => {
    it('6 PM the day before DST starts (2026-03-07) is 23:00 UTC, standard time', () => {
      expect(formatWhen('2026-03-07T23:00:00Z', '2026-03-08T00:30:00Z', NY)).toBe(
        'Saturday, March 7, 2026, 6:00 – 7:30 PM Eastern Standard Time',
      );
    });

    it('6 PM on the day DST starts (2026-03-08) is 22:00 UTC, daylight time', () => {
      expect(formatWhen('2026-03-08T22:00:00Z', '2026-03-08T23:30:00Z', NY)).toBe(
        'Sunday, March 8, 2026, 6:00 – 7:30 PM Eastern Daylight Time',
      );
    });

    it('a session across the spring-forward jump names both zones', () => {
      expect(formatWhen('2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z', NY)).toBe(
        'Sunday, March 8, 2026, 1:30 AM Eastern Standard Time – 3:30 AM Eastern Daylight Time',
      );
    });

    it('6 PM on the day DST ends (2026-11-01) is 23:00 UTC, standard time; the day before is daylight time', () => {
      expect(formatWhen('2026-11-01T23:00:00Z', '2026-11-02T00:00:00Z', NY)).toBe(
        'Sunday, November 1, 2026, 6:00 – 7:00 PM Eastern Standard Time',
      );
      expect(formatWhen('2026-10-31T22:00:00Z', '2026-10-31T23:00:00Z', NY)).toBe(
        'Saturday, October 31, 2026, 6:00 – 7:00 PM Eastern Daylight Time',
      );
    });

    it('the repeated 1:30 AM on fall-back day is told apart by the zone name', () => {
      expect(formatWhen('2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', NY)).toBe(
        'Sunday, November 1, 2026, 1:30 AM Eastern Daylight Time – 1:30 AM Eastern Standard Time',
      );
    });
  });

  describe('EU summer time (Europe/Berlin)', () => {
    it('6 PM the day before summer time starts (2026-03-28) is 17:00 UTC', () => {
      expect(formatWhen('2026-03-28T17:00:00Z', '2026-03-28T18:00:00Z', BERLIN)).toBe(
        'Saturday, March 28, 2026, 6:00 – 7:00 PM Central European Standard Time',
      );
    });

    it('6 PM on the day summer time starts (2026-03-29) is 16:00 UTC', () => {
      expect(formatWhen('2026-03-29T16:00:00Z', '2026-03-29T17:00:00Z', BERLIN)).toBe(
        'Sunday, March 29, 2026, 6:00 – 7:00 PM Central European Summer Time',
      );
    });

    it('a session across the spring-forward jump names both zones', () => {
      expect(formatWhen('2026-03-29T00:30:00Z', '2026-03-29T01:30:00Z', BERLIN)).toBe(
        'Sunday, March 29, 2026, 1:30 AM Central European Standard Time – 3:30 AM Central European Summer Time',
      );
    });

    it('6 PM on the day summer time ends (2026-10-25) is 17:00 UTC', () => {
      expect(formatWhen('2026-10-25T17:00:00Z', '2026-10-25T18:00:00Z', BERLIN)).toBe(
        'Sunday, October 25, 2026, 6:00 – 7:00 PM Central European Standard Time',
      );
    });

    it('the repeated 2:30 AM on fall-back day is told apart by the zone name', () => {
      expect(formatWhen('2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', BERLIN)).toBe(
        'Sunday, October 25, 2026, 2:30 AM Central European Summer Time – 2:30 AM Central European Standard Time',
      );
    });
  });

  it('refuses something that is not a date', () => {
    expect(() => formatWhen('not a date', '2026-12-01T19:30:00Z', NY)).toThrow(RangeError);
  });
});

describe('date and time helpers', () => {
  const at = '2026-07-04T16:05:00Z';
  it('format the parts in the given zone', () => {
    expect(formatDate(at, NY)).toBe('Saturday, July 4, 2026');
    expect(formatDateTime(at, NY)).toBe('Saturday, July 4, 2026, 12:05 PM Eastern Daylight Time');
    expect(formatDateTime(at, BERLIN)).toBe('Saturday, July 4, 2026, 6:05 PM Central European Summer Time');
    expect(formatDateTime(new Date(at), 'UTC')).toBe('Saturday, July 4, 2026, 4:05 PM Coordinated Universal Time');
  });
});
