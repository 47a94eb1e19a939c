import type { HttpResult } from '../../http/response';
import { formatDateTime } from '../../kernel/zoned-time';
import { consolePage, type ConsoleOrganizer } from './layout';

/**
 * The admins' audit log: newest first, when, who (the organizer's address, or the API key's name,
 * looked up from the actor id), what, and the id of what it was done to. Entries hold ids only, so no attendee's
 * details can appear here.
 */

export interface AuditRow {
  id: string;
  at: string;
  actorId: string;
  action: string;
  target?: string;
}

export interface AuditPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  /** Newest first (as AuditLog.recent answers). */
  entries: AuditRow[];
  /** Organizer id → address, for the organizers who still exist; `api-key:<id>` → the key's name. */
  actors: Record<string, string>;
  /** How many entries the page shows at most, said on the page. */
  limit: number;
}

export const auditPath = '/console/audit';

/** Times on this page are in UTC: entries come from many organizers in many places. */
export const AUDIT_TIME_ZONE = 'UTC';

const actionLabels: Record<string, string> = {
  'signed-in': 'Signed in',
  'person-exported': 'Exported what is held about a person (by address)',
  'person-erased': 'Erased everything held about a person (by address)',
  'signed-out': 'Signed out',
  'organizer-added': 'Added an organizer',
  'organizer-role-changed': 'Changed an organizer’s role',
  'organizer-removed': 'Removed an organizer',
  'api-key-created': 'Created an API key',
  'api-key-revoked': 'Revoked an API key',
  'workshop-created': 'Created a workshop',
  'group-created': 'Created a support group',
  'workshop-updated': 'Changed a workshop',
  'workshop-published': 'Published a workshop',
  'workshop-cancelled': 'Cancelled a workshop',
  'workshop-organizer-added': 'Added an organizer to a workshop',
  'workshop-organizer-removed': 'Removed an organizer from a workshop',
  'workshop-organizers-changed': 'Changed a workshop’s organizers',
  'roster-exported': 'Exported a roster',
  'registrant-checked-in': 'Checked in a registrant',
  'registrant-check-in-undone': 'Undid a check-in',
  'registrant-removed': 'Removed a registrant',
  'message-sent': 'Sent a message to registrants',
  'survey-updated': 'Changed a workshop’s survey',
  'survey-exported': 'Exported survey answers',
  'topic-created': 'Created a topic',
  'subscribers-exported': 'Exported subscribers',
  'campaign-created': 'Created a campaign',
  'campaign-updated': 'Changed a campaign',
  'campaign-test-sent': 'Sent a test of a campaign',
  'campaign-sent': 'Started sending a campaign',
  'campaign-scheduled': 'Scheduled a campaign',
  'campaign-cancelled': 'Cancelled a campaign',
  'campaign-resumed': 'Resumed a campaign',
};

/** "Added an organizer (organizer-added)"; an action without a label is shown by its code. */
export const auditActionLabel = (action: string): string => {
  const label = Object.hasOwn(actionLabels, action) ? actionLabels[action] : undefined;
  return label ? `${label} (${action})` : action;
};

const AuditItem = ({ entry, actors }: { entry: AuditRow; actors: Record<string, string> }) => {
  const email = Object.hasOwn(actors, entry.actorId) ? actors[entry.actorId] : undefined;
  return (
    <li>
      <dl class="facts">
        <dt>When</dt>
        <dd>
          <time dateTime={entry.at}>{formatDateTime(entry.at, AUDIT_TIME_ZONE)}</time>
        </dd>
        <dt>Who</dt>
        <dd>{email ?? (entry.actorId.startsWith('api-key:') ? `An API key (id ${entry.actorId.slice('api-key:'.length)})` : `A removed organizer (id ${entry.actorId})`)}</dd>
        <dt>What</dt>
        <dd>{auditActionLabel(entry.action)}</dd>
        {entry.target ? (
          <>
            <dt>To (id)</dt>
            <dd>
              <code>{entry.target}</code>
            </dd>
          </>
        ) : null}
      </dl>
    </li>
  );
};

export const AuditView = ({ entries, actors, limit }: Pick<AuditPageProps, 'entries' | 'actors' | 'limit'>) => (
  <>
    <h1>Audit log</h1>
    <p>
      Who did what in the console or through the API, newest first (the latest {limit} entries). Times are in Coordinated Universal Time (UTC). Entries name
      organizers and ids only, never attendees’ details.
    </p>
    {entries.length === 0 ? (
      <p>Nothing has been recorded yet.</p>
    ) : (
      <ol class="workshop-list">
        {entries.map((entry) => (
          <AuditItem entry={entry} actors={actors} />
        ))}
      </ol>
    )}
  </>
);

export const auditPage = ({ organizer, csrfToken, entries, actors, limit }: AuditPageProps): HttpResult =>
  consolePage({
    title: 'Audit log',
    organizer,
    csrfToken,
    current: auditPath,
    children: <AuditView entries={entries} actors={actors} limit={limit} />,
  });
