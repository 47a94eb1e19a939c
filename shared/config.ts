/**
 * Configuration read from the environment, the same names on AWS (set by the CDK stack from the
 * catalog) and locally (set by the local runtime). Read lazily so tests can set env first.
 */
const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
};

export interface CrisisResource {
  name: string;
  contact: string;
  url?: string;
}

const defaultCrisis: CrisisResource[] = [
  { name: '988 Suicide & Crisis Lifeline (US)', contact: 'Call or text 988', url: 'https://988lifeline.org' },
  { name: 'Emergency services', contact: 'Call 911 (US) or 112 (EU)' },
];

/** A whole number from the environment, at least `min`; the default when unset. A bad value is refused loudly. */
const wholeNumber = (name: string, fallback: number, min: number): number => {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  return value;
};

/** An on/off switch from the environment (`on` or `off`, any case; unset is off). A bad value is refused loudly. */
const onOff = (name: string): boolean => {
  const raw = process.env[name]?.trim().toLowerCase();
  if (!raw || raw === 'off') return false;
  if (raw === 'on') return true;
  throw new Error(`${name} must be on or off, got "${process.env[name]}"`);
};

export const config = {
  get tableName() {
    return required('TABLE_NAME');
  },
  get eventBusName() {
    return required('EVENT_BUS_NAME');
  },
  get mailFrom() {
    return process.env.MAIL_FROM ?? 'Hearth <no-reply@hearth.localhost>';
  },
  get sesConfigurationSet() {
    return process.env.SES_CONFIGURATION_SET || undefined;
  },
  /** Absolute base of links in mails. (Not BASE_URL: tools such as Vite own that name.) */
  get baseUrl() {
    return (process.env.HEARTH_BASE_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  },
  get orgName() {
    return process.env.ORG_NAME ?? 'Hearth';
  },
  /** The organisation's postal address (HEARTH_ORG_POSTAL_ADDRESS; bulk mail must carry one). */
  get orgPostalAddress() {
    return process.env.HEARTH_ORG_POSTAL_ADDRESS?.trim() || '(postal address not configured)';
  },
  /**
   * Discreet mode for every workshop (HEARTH_DISCREET_MODE=on): what others may see of a workshop's
   * mails and calendar entries (sender name, subject, preview, .ics) names no topic; a workshop can
   * also be discreet on its own (its `discreet` field).
   */
  get discreetMode() {
    return onOff('HEARTH_DISCREET_MODE');
  },
  /**
   * The sender name and calendar organizer of discreet mails (HEARTH_DISCREET_NAME): not ORG_NAME,
   * which may name the topic ("Grief Support Network"). Default "Hearth".
   */
  get discreetName() {
    return process.env.HEARTH_DISCREET_NAME?.trim() || 'Hearth';
  },
  get linkSecretArn() {
    return required('LINK_SECRET_ARN');
  },
  /** Registration requests one client (source IP) may make per 10 minutes (HEARTH_REGISTRATION_LIMIT_PER_CLIENT). */
  get registrationLimitPerClient() {
    return wholeNumber('HEARTH_REGISTRATION_LIMIT_PER_CLIENT', 20, 1);
  },
  /** Registration requests for one address (known or not) per 10 minutes (HEARTH_REGISTRATION_LIMIT_PER_ADDRESS). */
  get registrationLimitPerAddress() {
    return wholeNumber('HEARTH_REGISTRATION_LIMIT_PER_ADDRESS', 5, 1);
  },
  /** The least time between showing the registration form and its submission (HEARTH_REGISTRATION_MIN_FILL_MS). */
  get registrationMinFillMs() {
    return wholeNumber('HEARTH_REGISTRATION_MIN_FILL_MS', 3000, 0);
  },
  /** HEARTH_CRISIS_RESOURCES: JSON array of { name, contact, url? }. */
  get crisisResources(): CrisisResource[] {
    const raw = process.env.HEARTH_CRISIS_RESOURCES;
    if (!raw) return defaultCrisis;
    try {
      const parsed = JSON.parse(raw) as CrisisResource[];
      return Array.isArray(parsed) && parsed.length > 0 ? parsed : defaultCrisis;
    } catch {
      return defaultCrisis;
    }
  },
};
