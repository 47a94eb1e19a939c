import * as z from 'zod/mini';
import '../zod-locale';
import { defineEvent } from '../events/define';
import { id } from '../events/fields';

/** Events of the mailing list. Ids only: the archive on the bus never holds an address. */

/** Someone asked to join (or asked again while pending): the double opt-in mail goes out. */
export const SubscriptionRequested = defineEvent({
  source: 'hearth.subscribers',
  detailType: 'Subscription Requested',
  schemaVersion: 1,
  data: z.strictObject({ subscriberId: id }),
});
