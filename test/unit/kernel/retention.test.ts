import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { retentionEnvironment } from '../../../infra/constructs/settings';
import { daysAfter, expiresAfter, RETENTION_PERIODS, retentionDays, type RetentionName } from '../../../shared/kernel/retention';

describe('retention periods', () => {
  it('are the issue’s defaults when nothing is configured', () => {
    const defaults = Object.fromEntries((Object.keys(RETENTION_PERIODS) as RetentionName[]).map((name) => [name, retentionDays(name, {})]));
    expect(defaults).toEqual({ registration: 90, subscriberLeft: 30, campaignRecipients: 30, surveyResponses: 730, audit: 365 });
  });

  it('take the configured whole number of days, and refuse anything else naming the variable', () => {
    expect(retentionDays('registration', { HEARTH_RETENTION_REGISTRATION_DAYS: ' 30 ' })).toBe(30);
    for (const bad of ['0', '-1', '1.5', 'ninety', '3651']) {
      expect(() => retentionDays('registration', { HEARTH_RETENTION_REGISTRATION_DAYS: bad })).toThrow(/HEARTH_RETENTION_REGISTRATION_DAYS must be a whole number of days from 1 to 3650/);
    }
  });

  it('are each in the README’s configuration table with their default', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const { variable, days } of Object.values(RETENTION_PERIODS)) {
      expect(readme, variable).toMatch(new RegExp(`\\| \`${variable}\` \\| ${days} \\|`));
    }
  });

  it('reach the functions on AWS only when set, checked at synth', () => {
    expect(retentionEnvironment({})).toEqual({});
    expect(retentionEnvironment({ HEARTH_RETENTION_AUDIT_DAYS: '180', HEARTH_RETENTION_REGISTRATION_DAYS: '' })).toEqual({ HEARTH_RETENTION_AUDIT_DAYS: '180' });
    expect(() => retentionEnvironment({ HEARTH_RETENTION_AUDIT_DAYS: 'forever' })).toThrow(/HEARTH_RETENTION_AUDIT_DAYS/);
  });

  it('turn into instants and TTL seconds by whole days, across a DST change too (UTC days)', () => {
    expect(daysAfter('2027-03-01T18:00:00Z', 30).toISOString()).toBe('2027-03-31T18:00:00.000Z');
    expect(expiresAfter('2027-03-01T18:00:00Z', 1)).toBe(Date.parse('2027-03-02T18:00:00Z') / 1000);
    expect(expiresAfter('2027-03-01T18:00:00.500Z', 1)).toBe(Math.ceil(Date.parse('2027-03-02T18:00:00.500Z') / 1000));
  });
});
