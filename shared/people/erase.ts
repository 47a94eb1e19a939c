import { CampaignRecipients } from '../campaigns/port';
import { batchDeleteAll } from '../db/batch';
import { listByIndex } from '../db/query';
import { AuditLog } from '../kernel/audit-store';
import { normalizeEmail } from '../kernel/email';
import { logger } from '../log';
import { Subscribers } from '../mailing-list/port';
import { Registrations } from '../workshops/port';
import { myDataPartition } from './keys';

/** The actor of an erasure the person asked for themselves on /my-data (the audit never names them). */
export const SELF_SERVICE = 'self-service';

/** What an erasure did, in counts only: it is shown to the person and an admin, and names nobody. */
export interface Erasure {
  /** Places still to come that were given up (a freed seat went to the waitlist). */
  placesCancelled: number;
  /** Registrations whose address, name and needs were erased. */
  registrationsErased: number;
  /** Whether the mailing list held the address (it is now off the list, and erased). */
  leftList: boolean;
  /** Campaign batches that held a copy of the address. */
  campaignCopiesErased: number;
  /** Links and tokens of /my-data for the address. */
  linksDeleted: number;
}

/** Every /my-data link and erasure token of the address (its index partition), deleted. */
const deleteLinksOf = async (email: string): Promise<number> => {
  const links = await listByIndex(await myDataPartition(email));
  await batchDeleteAll(links.map((item) => ({ pk: item.pk, sk: item.sk })));
  return links.length;
};

/**
 * Erases everything Hearth holds about an address (issue 13 §3, GDPR Art. 17), at the person's
 * request on /my-data or an admin's for a request made by phone or letter:
 * 1. places still to come are cancelled the normal way, so the waitlist moves up; every
 *    registration loses the address, name and needs (shared/workshops/erase.ts);
 * 2. the address leaves the mailing list and is erased from it at once; the keyed-hash claim stays,
 *    so an import cannot add it back, and a suppression (bounce, complaint) stays a keyed hash;
 * 3. the copies of the address in campaign batches go; states and totals stay;
 * 4. the address's /my-data links go.
 * What stays are counts and dates that name nobody, and those keyed hashes. Audited by who asked
 * (an organizer id, `cli`, or `self-service`), never by the address. Every step is safe to repeat,
 * so an erasure that stopped half-way is finished by asking again.
 */
export const erasePerson = async (email: string, actorId: string, at: Date): Promise<Erasure> => {
  const address = normalizeEmail(email);
  const places = await Registrations.eraseAllOf(address, at);
  const subscriberId = await Subscribers.leaveAndErase(address, at);
  const campaignCopiesErased = subscriberId ? await CampaignRecipients.eraseCopiesOf(subscriberId) : 0;
  const linksDeleted = await deleteLinksOf(address);
  await AuditLog.record(actorId, 'person-erased', undefined, at);
  const erasure: Erasure = { placesCancelled: places.cancelled, registrationsErased: places.erased, leftList: subscriberId !== undefined, campaignCopiesErased, linksDeleted };
  logger.info('Person erased', { ...erasure });
  return erasure;
};
