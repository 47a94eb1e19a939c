/**
 * How long one SES send may take, and so how long the mail ledger holds a mail for the attempt
 * sending it: one place, so the two cannot drift apart (a lease running out while its send still
 * goes on lets a duplicate delivery send the mail again).
 *
 * - Each attempt (connecting, sending, SES's answer) is cut off after the request timeout,
 *   HEARTH_SES_REQUEST_TIMEOUT_MS (default 5 s).
 * - The SDK makes at most SES_MAX_ATTEMPTS attempts (it retries throttling and transient errors,
 *   with backoff); the whole send, attempts and the waits between them, is cut off at the deadline,
 *   SES_MAX_ATTEMPTS × the request timeout (30 s by default, the mail functions' Lambda timeout).
 * - The lease is the deadline plus one request timeout, for the ledger's own reads and writes
 *   around the send (35 s by default).
 */
export const SES_MAX_ATTEMPTS = 6;
const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

export const sesRequestTimeoutMs = (): number => {
  const raw = process.env.HEARTH_SES_REQUEST_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_REQUEST_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`HEARTH_SES_REQUEST_TIMEOUT_MS must be a whole number of milliseconds, got "${raw}"`);
  return value;
};

/** The longest one send takes, every retry included: past it the send is aborted. */
export const sesSendDeadlineMs = (): number => SES_MAX_ATTEMPTS * sesRequestTimeoutMs();

/** How long a claim in the mail ledger holds the mail for the attempt sending it. */
export const mailLeaseMs = (): number => sesSendDeadlineMs() + sesRequestTimeoutMs();
