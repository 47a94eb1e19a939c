/**
 * What the runtime (./mail.ts) and the SES emulator's process (./ses-server.ts) share: the SES v2
 * paths they look at, the mailbox-simulator addresses, and the messages on their IPC channel.
 */
export const SEND_EMAIL_PATH = '/v2/email/outbound-emails';
export const ACCOUNT_PATH = '/v2/email/account';

type SimulatorKind = 'bounce' | 'complaint';

/** The address itself, of `Name <address>` or of a bare address. */
export const bareAddress = (address: string): string => (/<([^>]+)>\s*$/.exec(address)?.[1] ?? address).trim();

/** bounce@simulator.amazonses.com, bounce+label@…, "Name <bounce@…>"; case-insensitive. */
export const simulatorKind = (address: string): SimulatorKind | undefined => {
  const bare = bareAddress(address).toLowerCase();
  // eslint-disable-next-line security/detect-unsafe-regex -- `(\+[^@]*)?` matches at most once and stops at the `@` that must follow: linear
  const match = /^(bounce|complaint)(\+[^@]*)?@simulator\.amazonses\.com$/.exec(bare);
  return match ? (match[1] as SimulatorKind) : undefined;
};

/** The parts of a SendEmail request the simulator's events are made of. */
export interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  EmailTags?: { Name: string; Value: string }[];
  ConfigurationSetName?: string;
}

/** From the emulator: a mail to simulator addresses was sent (its answer waits for `published`), or a line to log. */
export type SesChildMessage = { type: 'simulated'; id: number; mail: SendEmailBody; messageId: string } | { type: 'log'; line: string };

/** To the emulator: the events of `simulated` message `id` are on the bus; its answer may go. */
export type SesParentMessage = { type: 'published'; id: number };
