import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured logs. Never log an email address, a display name, accessibility needs or a link
 * token: log ids and outcomes only. Powertools keeps the request id and cold-start flag.
 */
export const logger = new Logger({
  serviceName: 'hearth',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? (process.env.HEARTH_LOCAL ? 'WARN' : 'INFO'),
});
