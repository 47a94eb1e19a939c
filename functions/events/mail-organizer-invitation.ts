import { now } from '../../shared/clock';
import { mailOrganizerInvitation } from '../../shared/console/auth';
import { OrganizerInvited } from '../../shared/console/events';
import { consumer } from '../../shared/events/consume';

export const handler = consumer(OrganizerInvited, ({ eventId, data }) => mailOrganizerInvitation(eventId, data, now()));
