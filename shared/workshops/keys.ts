import { emailHash } from '../kernel/email-hash';

/**
 * Keys of the registration capability in Hearth's single table (docs/data-model.md).
 *
 * | item              | pk               | sk                   | gsi1pk     | gsi1sk                |
 * |-------------------|------------------|----------------------|------------|-----------------------|
 * | workshop          | WS#<workshopId>  | WORKSHOP             | WORKSHOP   | <startsAt UTC>#<id>   |
 * | registration      | WS#<workshopId>  | REG#<registrationId> | PERSON#<hmac(email)> | REG#<workshopId>#<registrationId> |
 * | email claim       | WS#<workshopId>  | EMAIL#<hmac(email)>  |            |                       |
 * | waitlist entry    | WS#<workshopId>  | WAIT#<ticket, 10 digits> |        |                       |
 * | repeat mark       | REPEAT#<workshopId>#<registrationId> | REPEAT |        |                       |
 * | retained counts   | WS#<workshopId>  | RETAINED             |            |                       |
 *
 * One partition per workshop: the capacity counter, the waitlist order and the one-seat-per-email
 * claim are decided together in one transaction, and read back with strongly consistent reads.
 * Addresses appear in keys only as keyed hashes (shared/kernel/email-hash.ts).
 *
 * A registration's index keys find every registration of one address across workshops, cancelled
 * ones included (what /my-data shows and erases): one query of `PERSON#<hmac>`, no scan. They go
 * with the registration's address, at erasure or with the registration at the retention sweep.
 */

export const workshopKey = (workshopId: string) => ({ pk: `WS#${workshopId}`, sk: 'WORKSHOP' });
export const registrationKey = (workshopId: string, registrationId: string) => ({ pk: `WS#${workshopId}`, sk: `REG#${registrationId}` });
export const emailClaimKey = async (workshopId: string, email: string) => ({ pk: `WS#${workshopId}`, sk: `EMAIL#${await emailHash(email)}` });
export const personIndex = async (email: string, workshopId: string, registrationId: string) => ({
  gsi1pk: await personPartition(email),
  gsi1sk: `REG#${workshopId}#${registrationId}`,
});
export const personPartition = async (email: string) => `PERSON#${await emailHash(email)}`;
export const waitlistKey = (workshopId: string, ticket: number) => ({ pk: `WS#${workshopId}`, sk: `WAIT#${String(ticket).padStart(10, '0')}` });
/** Outside the workshop's partition: a mail-rate marker is no part of the roster's reads. */
export const repeatMarkKey = (workshopId: string, registrationId: string) => ({ pk: `REPEAT#${workshopId}#${registrationId}`, sk: 'REPEAT' });
export const workshopIndex = (startsAt: string, workshopId: string) => ({
  gsi1pk: 'WORKSHOP',
  gsi1sk: `${new Date(startsAt).toISOString()}#${workshopId}`,
});

/** What stays of the registrations once their personal fields are erased (./retention.ts). */
export const retainedKey = (workshopId: string) => ({ pk: `WS#${workshopId}`, sk: 'RETAINED' });
export const EMAIL_PREFIX = 'EMAIL#';
export const WAIT_PREFIX = 'WAIT#';
export const REG_PREFIX = 'REG#';
