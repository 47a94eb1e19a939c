import * as z from 'zod/mini';
import '../zod-locale';
import { defineEvent } from '../events/define';
import { id } from '../events/fields';

/** Events of the people capability: ids only, never an address or a token. */

/** Someone asked what Hearth holds about an address: its consumer mails the link (./my-data.ts). */
export const MyDataRequested = defineEvent({
  source: 'hearth.people',
  detailType: 'My Data Requested',
  schemaVersion: 1,
  data: z.strictObject({ requestId: id }),
});
