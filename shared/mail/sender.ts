import { config } from '../config';

/**
 * The sender of Hearth's mails. MAIL_FROM is "Name <address>" or the address; its name is often the
 * organisation's (ORG_NAME), which may name the topic. A discreet mail keeps the address and goes
 * out under the neutral HEARTH_DISCREET_NAME instead.
 */

/** "Name <address>" or "address" → the address. */
export const senderAddress = (from: string): string => (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? from).trim();

/** A display name as a From header carries it: quoted, or as an RFC 2047 encoded word when it is not ASCII. */
const displayName = (name: string): string => {
  const clean = name.replace(/[\u0000-\u001f\u007f"\\]+/g, ' ').replace(/\s+/g, ' ').trim();
  return /^[\x20-\x7e]*$/.test(clean) ? `"${clean}"` : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
};

/** The From header of a discreet mail: the neutral name and MAIL_FROM's address. */
export const discreetSender = (): string => `${displayName(config.discreetName)} <${senderAddress(config.mailFrom)}>`;
