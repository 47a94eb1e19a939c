/**
 * How long Hearth keeps what it keeps (issue 13, docs/privacy.md). Each period is a whole number of
 * days, set by the organisation in configuration (`HEARTH_RETENTION_<NAME>_DAYS`); nothing can
 * lengthen it per item, and a workshop can only shorten the registration period.
 *
 * Whole items go by DynamoDB TTL (`expiresAt`, epoch seconds: `expiresAfter`); personal fields of
 * items that stay (so their counts do) are erased by one-time schedules that each capability
 * reconciles for its own items, the way reminders are: nothing scans the table.
 */
export const DAY_MS = 24 * 3600 * 1000;

export interface RetentionPeriod {
  /** The environment variable that sets it. */
  variable: string;
  /** The default, in days. */
  days: number;
  /** What it governs, for the README's configuration table and the privacy page. */
  what: string;
}

export const RETENTION_PERIODS = {
  registration: { variable: 'HEARTH_RETENTION_REGISTRATION_DAYS', days: 90, what: "days after a workshop ends that its registrations' addresses, names and accessibility needs are erased (counts stay); a workshop may set fewer (`retentionDays`)" },
  subscriberLeft: { variable: 'HEARTH_RETENTION_SUBSCRIBER_LEFT_DAYS', days: 30, what: "days after someone leaves the mailing list that their address and name are erased (a keyed hash stays, so an import cannot add them back)" },
  campaignRecipients: { variable: 'HEARTH_RETENTION_CAMPAIGN_RECIPIENTS_DAYS', days: 30, what: "days after a campaign ends (sent or cancelled) that its recipients' address copies are erased (counts and totals stay)" },
  surveyResponses: { variable: 'HEARTH_RETENTION_SURVEY_RESPONSE_DAYS', days: 730, what: 'days after a workshop ends that its anonymous survey answers are deleted (the counts stay)' },
  audit: { variable: 'HEARTH_RETENTION_AUDIT_DAYS', days: 365, what: 'days an audit entry is kept' },
} as const satisfies Record<string, RetentionPeriod>;

export type RetentionName = keyof typeof RETENTION_PERIODS;

/** The longest period anything may be set to: ten years. */
export const MAX_RETENTION_DAYS = 3650;

/** The configured period, in days (the default when unset). A bad value is refused loudly, naming the variable. */
export const retentionDays = (name: RetentionName, env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const { variable, days } = RETENTION_PERIODS[name];
  const raw = env[variable]?.trim();
  if (!raw) return days;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_RETENTION_DAYS) {
    throw new Error(`${variable} must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got "${raw}"`);
  }
  return value;
};

/** The instant `days` after `from`. */
export const daysAfter = (from: Date | string, days: number): Date => new Date(new Date(from).getTime() + days * DAY_MS);

/**
 * When an erasure schedule for `due` fires: `due` rounded up to the whole second (Scheduler's
 * precision, which would otherwise fire it just before it is due), or a minute from `now` when it is
 * already past: an erasure is never skipped for being late.
 */
export const erasureInstant = (due: Date, now: Date): Date =>
  due.getTime() <= now.getTime() ? new Date(now.getTime() + 60_000) : new Date(Math.ceil(due.getTime() / 1000) * 1000);

/** A TTL value (epoch seconds) `days` after `from`. */
export const expiresAfter = (from: Date | string, days: number): number => Math.ceil(daysAfter(from, days).getTime() / 1000);
