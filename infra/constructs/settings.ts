import { RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CrisisResource } from '../../shared/config';
import { RETENTION_PERIODS, retentionDays, type RetentionName } from '../../shared/kernel/retention';

/**
 * Deploy-time settings, read from CDK context (`-c key=value` or cdk.json). All optional, so
 * `cdk synth` works on a fresh checkout without AWS credentials. Documented in docs/aws.md.
 */
export interface HearthSettings {
  /** Names every resource (`hearth-<stage>-…`); anything but 'dev' keeps the data on stack deletion. */
  stage: string;
  /** The From header of Hearth's mails, `no-reply@example.org` or `Hearth <no-reply@example.org>`. */
  mailFrom: string;
  /** The address part of mailFrom. */
  mailFromAddress: string;
  /** SES identity domain; without it the mailFrom address is verified as an email identity. */
  domain?: string;
  /** Public base URL for links in mails; without it the HTTP API's own URL. */
  baseUrl?: string;
  orgName: string;
  /** JSON array of { name, contact, url? }; without it the functions use their defaults. */
  crisisResources?: string;
  alarmEmail?: string;
  /** The organisation's postal address, in every campaign mail's footer. */
  orgPostalAddress?: string;
  /** `-c discreetMode=on`: every workshop discreet (HEARTH_DISCREET_MODE, shared/workshops/discreet.ts). */
  discreetMode: boolean;
  /** The neutral sender name of discreet mails (HEARTH_DISCREET_NAME); without it "Hearth". */
  discreetName?: string;
  /** Campaign mails per second; without it the SES account's quota. */
  sesMaxSendRate?: number;
  /** `-c waf=true`: CloudFront with a per-client rate limit (AWS WAF) in front of the API (infra/constructs/edge.ts). */
  waf: boolean;
  /** Requests one client address may send in 5 minutes before the WAF answers 429 (default 1000). */
  wafRateLimit: number;
  /** DESTROY in dev, RETAIN everywhere else. */
  removalPolicy: RemovalPolicy;
}

const defaults = { stage: 'dev', mailFrom: 'no-reply@example.org', orgName: 'Hearth' };

const text = (scope: Construct, key: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context '${key}' must be a string`);
  return value.trim();
};

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const addressOf = (mailFrom: string): string => {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1]?.trim() ?? mailFrom;
  if (!emailPattern.test(address)) throw new Error(`Context 'mailFrom' is not an email address: ${mailFrom}`);
  return address.toLowerCase();
};

/** Accepts a JSON string (`-c crisisResources='[…]'`) or, from cdk.json, the array itself. */
const crisisResourcesOf = (scope: Construct): string | undefined => {
  const raw: unknown = scope.node.tryGetContext('crisisResources');
  if (raw === undefined || raw === null || raw === '') return undefined;
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new Error("Context 'crisisResources' is not valid JSON");
    }
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (item: Partial<CrisisResource> | null) =>
        typeof item?.name === 'string' &&
        item.name.length > 0 &&
        typeof item.contact === 'string' &&
        item.contact.length > 0 &&
        (item.url === undefined || typeof item.url === 'string'),
    );
  if (!valid) throw new Error("Context 'crisisResources' must be a non-empty JSON array of { name, contact, url? }");
  return JSON.stringify(parsed);
};

export const readSettings = (scope: Construct): HearthSettings => {
  const stage = text(scope, 'stage') ?? defaults.stage;
  // Stage is part of function, queue and bus names: keep it short and name-safe.
  if (!/^[a-z][a-z0-9-]{0,11}$/.test(stage)) {
    throw new Error(`Context 'stage' must be 1-12 lowercase letters, digits or dashes, starting with a letter: ${stage}`);
  }
  const mailFrom = text(scope, 'mailFrom') ?? defaults.mailFrom;
  const mailFromAddress = addressOf(mailFrom);
  const domain = text(scope, 'domain')?.toLowerCase();
  if (domain !== undefined) {
    const mailDomain = mailFromAddress.split('@')[1] ?? '';
    if (mailDomain !== domain && !mailDomain.endsWith(`.${domain}`)) {
      throw new Error(`Context 'mailFrom' (${mailFromAddress}) is not in the SES identity domain '${domain}'`);
    }
  }
  const baseUrl = text(scope, 'baseUrl');
  if (baseUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(baseUrl)) {
    throw new Error(`Context 'baseUrl' must be an absolute http(s) URL: ${baseUrl}`);
  }
  const alarmEmail = text(scope, 'alarmEmail');
  if (alarmEmail !== undefined && !emailPattern.test(alarmEmail)) {
    throw new Error(`Context 'alarmEmail' is not an email address: ${alarmEmail}`);
  }
  const rate: unknown = scope.node.tryGetContext('sesMaxSendRate');
  const sesMaxSendRate = rate === undefined || rate === null || rate === '' ? undefined : Number(rate);
  if (sesMaxSendRate !== undefined && (!Number.isInteger(sesMaxSendRate) || sesMaxSendRate < 1)) {
    throw new Error(`Context 'sesMaxSendRate' must be a whole number of mails per second, at least 1: ${String(rate)}`);
  }
  const orgPostalAddress = text(scope, 'orgPostalAddress');
  const wafFlag: unknown = scope.node.tryGetContext('waf');
  if (![undefined, null, '', true, false, 'true', 'false'].includes(wafFlag as string)) {
    throw new Error(`Context 'waf' must be true or false: ${String(wafFlag)}`);
  }
  const discreetFlag: unknown = scope.node.tryGetContext('discreetMode');
  if (![undefined, null, '', true, false, 'on', 'off', 'true', 'false'].includes(discreetFlag as string)) {
    throw new Error(`Context 'discreetMode' must be on or off: ${String(discreetFlag)}`);
  }
  const discreetName = text(scope, 'discreetName');
  const limit: unknown = scope.node.tryGetContext('wafRateLimit');
  const wafRateLimit = limit === undefined || limit === null || limit === '' ? 1000 : Number(limit);
  if (!Number.isInteger(wafRateLimit) || wafRateLimit < 10 || wafRateLimit > 2_000_000_000) {
    throw new Error(`Context 'wafRateLimit' must be a whole number of requests per 5 minutes, 10 or more: ${String(limit)}`);
  }
  return {
    stage,
    mailFrom,
    mailFromAddress,
    domain,
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    orgName: text(scope, 'orgName') ?? defaults.orgName,
    crisisResources: crisisResourcesOf(scope),
    alarmEmail,
    ...(orgPostalAddress ? { orgPostalAddress } : {}),
    ...(sesMaxSendRate !== undefined ? { sesMaxSendRate } : {}),
    discreetMode: discreetFlag === true || discreetFlag === 'on' || discreetFlag === 'true',
    ...(discreetName ? { discreetName } : {}),
    waf: wafFlag === true || wafFlag === 'true',
    wafRateLimit,
    removalPolicy: stage === 'dev' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
  };
};

/**
 * The retention periods the deploying shell sets (`HEARTH_RETENTION_*_DAYS`, the README's table),
 * checked now so a bad value fails `cdk synth` rather than a function, and passed to every function.
 * Unset ones are left out: the functions use the defaults.
 */
export const retentionEnvironment = (env: Readonly<Record<string, string | undefined>> = process.env): Record<string, string> =>
  Object.fromEntries(
    (Object.keys(RETENTION_PERIODS) as RetentionName[])
      .filter((name) => env[RETENTION_PERIODS[name].variable]?.trim())
      .map((name) => [RETENTION_PERIODS[name].variable, String(retentionDays(name, env))]),
  );
