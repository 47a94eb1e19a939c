import * as z from 'zod/mini';
import '../zod-locale';
import { defineEvent } from '../events/define';
import { id } from '../events/fields';

/** Events of the console capability: ids only, never an address or a token. */
export const SignInRequested = defineEvent({
  source: 'hearth.console',
  detailType: 'Sign-in Requested',
  schemaVersion: 1,
  data: z.strictObject({ organizerId: id }),
});

/** An admin added an organizer: they get an invitation with the sign-in address (no token). */
export const OrganizerInvited = defineEvent({
  source: 'hearth.console',
  detailType: 'Organizer Invited',
  schemaVersion: 1,
  data: z.strictObject({ organizerId: id }),
});
