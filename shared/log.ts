import { Logger } from '@aws-lambda-powertools/logger';
import { maskAddresses } from './redact';

/**
 * Structured logs. Never log an email address, a display name, accessibility needs or a link
 * token: log ids and outcomes only. Powertools keeps the request id and cold-start flag. Every
 * string of a log line, errors' messages and stacks included, goes out with anything shaped like an
 * address masked (`maskAddresses`): a message a library quotes a request in stays without it.
 */
export const logger = new Logger({
  serviceName: 'hearth',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? (process.env.HEARTH_LOCAL ? 'WARN' : 'INFO'),
  jsonReplacerFn: (_key, value) => (typeof value === 'string' ? maskAddresses(value) : value),
});
