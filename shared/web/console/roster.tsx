import type { ComponentChildren } from 'preact';
import type { HttpResult } from '../../http/response';
import type { Workshop } from '../../workshops/model';
import { rosterOrder, type RosterRow } from '../../workshops/roster-csv';
import { formatDateTime, formatWhen } from '../../kernel/zoned-time';
import { consoleWorkshopPath, placesTakenLabel } from './dashboard';
import { consolePage, type ConsoleOrganizer } from './layout';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { people, plural } from '../labels';
import { Fact } from '../../ui/facts';

/**
 * A workshop's roster for organizers, made to be used on a phone at the door: one card per person
 * (no wide table), a big check-in button per confirmed registrant, and removing someone asks first
 * on a page of its own (no JavaScript). Every form is a POST with the session's CSRF token.
 * Accessibility needs are shown here and in the CSV, nowhere else.
 */

export const rosterPath = (workshopId: string) => `${consoleWorkshopPath(workshopId)}/roster`;
export const rosterCsvPath = (workshopId: string) => `${consoleWorkshopPath(workshopId)}/roster.csv`;
export const messagePath = (workshopId: string) => `${consoleWorkshopPath(workshopId)}/message`;
const registrationPath = (workshopId: string, registrationId: string) =>
  `${consoleWorkshopPath(workshopId)}/registrations/${encodeURIComponent(registrationId)}`;
export const checkInPath = (workshopId: string, registrationId: string) => `${registrationPath(workshopId, registrationId)}/check-in`;
export const removePath = (workshopId: string, registrationId: string) => `${registrationPath(workshopId, registrationId)}/remove`;

/** The card of a registration, e.g. `reg-<id>`: check-in answers come back to it. */
export const rowAnchor = (registrationId: string) => `reg-${registrationId}`;

export const noName = 'No name given';
export const displayNameOf = (row: Pick<RosterRow, 'displayName'>): string => row.displayName?.trim() || noName;

/** What a finished action says at the top of the roster (`?done=` after the redirect). */
export const rosterNotices = {
  removed:
    'Removed. They get an email saying their registration is cancelled. If someone was on the waitlist, the first person gets the place and an email in a moment: reload to see it.',
  'not-confirmed': 'That person no longer has a confirmed place, so nothing was changed.',
} as const;
export type RosterNotice = keyof typeof rosterNotices;
export const isRosterNotice = (value: string | undefined): value is RosterNotice => Boolean(value && Object.hasOwn(rosterNotices, value));

export type RosterWorkshop = Pick<Workshop, 'id' | 'title' | 'startsAt' | 'endsAt' | 'timezone' | 'status' | 'capacity'>;

export interface RosterPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshop: RosterWorkshop;
  rows: RosterRow[];
  notice?: RosterNotice;
  /** Now, to know whether the session is over (then nobody can be removed). */
  at: Date;
}


const Needs = ({ row }: { row: RosterRow }) => (
  <>
    <dt>Accessibility needs</dt>
    <dd class={row.accessibilityNeeds ? 'pre-line' : undefined}>{row.accessibilityNeeds || 'None given'}</dd>
  </>
);

/** What every card says of a registrant, whatever their status. */
const RegistrantFacts = ({ row, workshop }: { row: RosterRow; workshop: RosterWorkshop }) => (
  <>
    <Fact term="Email">{row.email || 'Erased at the person’s request'}</Fact>
    <Needs row={row} />
    <Fact term="Registered">{formatDateTime(row.createdAt, workshop.timezone)}</Fact>
  </>
);

interface CardProps {
  row: RosterRow;
  workshop: RosterWorkshop;
  csrfToken: string;
  actions: boolean;
  removable: boolean;
}

const Card = ({ row, workshop, csrfToken, actions, removable }: CardProps) => {
  const nameId = `${rowAnchor(row.id)}-name`;
  const confirmed = row.status === 'confirmed';
  return (
    <li id={rowAnchor(row.id)}>
      <h3 id={nameId}>{row.status === 'waitlisted' && row.waitlistPosition ? `${row.waitlistPosition}. ${displayNameOf(row)}` : displayNameOf(row)}</h3>
      <dl class="facts">
        <RegistrantFacts row={row} workshop={workshop} />
        <Fact term="Waitlist position">{row.status === 'waitlisted' && (row.waitlistPosition ?? 'Joining the waitlist')}</Fact>
        <Fact term="Attendance">{confirmed && (row.attended ? 'Attended' : 'Not checked in')}</Fact>
      </dl>
      {actions && confirmed ? (
        <form method="post" action={checkInPath(workshop.id, row.id)}>
          <CsrfInput token={csrfToken} />
          <input type="hidden" name="attended" value={row.attended ? 'false' : 'true'} />
          <p>
            <button type="submit" class={row.attended ? 'button-secondary' : undefined} aria-describedby={nameId}>
              {row.attended ? 'Attended ✓ — undo' : 'Mark attended'}
            </button>
          </p>
        </form>
      ) : null}
      {actions && removable && row.status !== 'cancelled' ? (
        <form method="post" action={removePath(workshop.id, row.id)}>
          <CsrfInput token={csrfToken} />
          <p>
            <button type="submit" class="button-secondary" aria-describedby={nameId}>
              {confirmed ? 'Remove' : 'Remove from the waitlist'}
            </button>
          </p>
        </form>
      ) : null}
    </li>
  );
};

const CancelledCard = ({ row, workshop }: { row: RosterRow; workshop: RosterWorkshop }) => (
  <li id={rowAnchor(row.id)}>
    <h3>{displayNameOf(row)}</h3>
    <dl class="facts">
      <RegistrantFacts row={row} workshop={workshop} />
    </dl>
  </li>
);

const Section = ({ id, heading, empty, children, count }: { id: string; heading: string; empty: string; count: number; children: ComponentChildren }) => (
  <section aria-labelledby={id}>
    <h2 id={id}>{`${heading} (${count})`}</h2>
    {count === 0 ? <p>{empty}</p> : <ul class="workshop-list">{children}</ul>}
  </section>
);

export const RosterView = ({ workshop, rows, csrfToken, notice, at }: Omit<RosterPageProps, 'organizer'>) => {
  const ordered = rosterOrder(rows);
  const confirmed = ordered.filter((row) => row.status === 'confirmed');
  const waitlisted = ordered.filter((row) => row.status === 'waitlisted');
  const cancelled = ordered.filter((row) => row.status === 'cancelled');
  const attended = confirmed.filter((row) => row.attended).length;
  const workshopCancelled = workshop.status === 'cancelled';
  const over = Date.parse(workshop.endsAt) <= at.getTime();
  const actions = !workshopCancelled;
  const removable = !over;
  return (
    <>
      <p>
        <a href={consoleWorkshopPath(workshop.id)}>Back to the workshop</a>
      </p>
      <h1>Roster: {workshop.title}</h1>
      <p>{formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}</p>
      {notice ? (
        <p class="notice" role="status">
          {rosterNotices[notice]}
        </p>
      ) : null}
      {workshopCancelled ? <p class="notice">This workshop is cancelled. Everyone who had a place or a waitlist ticket was emailed.</p> : null}
      <dl class="facts" id="roster-counts">
        <dt>Confirmed</dt>
        <dd>{placesTakenLabel(confirmed.length, workshop.capacity)}</dd>
        <dt>Attended</dt>
        <dd>{`${attended} of ${confirmed.length} checked in`}</dd>
        <dt>Waitlist</dt>
        <dd>{people(waitlisted.length)}</dd>
        <dt>Cancelled</dt>
        <dd>{plural(cancelled.length, 'registration', 'registrations')}</dd>
      </dl>
      <p class="hint">
        This page shows email addresses and accessibility needs. Please keep it, and the downloaded file, to the organizers of
        this workshop.
      </p>
      <p>
        <a class="action-link" href={rosterCsvPath(workshop.id)}>
          Download the roster (CSV)
        </a>
      </p>
      {actions ? (
        <p>
          <a class="action-link" href={messagePath(workshop.id)}>
            Message everyone with a place
          </a>
        </p>
      ) : null}
      {over && !workshopCancelled ? <p>This session is over: you can still check people in, but nobody can be removed.</p> : null}

      <Section id="confirmed-heading" heading="Confirmed" count={confirmed.length} empty="Nobody has a place yet.">
        {confirmed.map((row) => (
          <Card row={row} workshop={workshop} csrfToken={csrfToken} actions={actions} removable={removable} />
        ))}
      </Section>
      <Section id="waitlist-heading" heading="Waitlist" count={waitlisted.length} empty="Nobody is on the waitlist.">
        {waitlisted.map((row) => (
          <Card row={row} workshop={workshop} csrfToken={csrfToken} actions={actions} removable={removable} />
        ))}
      </Section>
      <Section id="cancelled-heading" heading="Cancelled" count={cancelled.length} empty="No cancellations.">
        {cancelled.map((row) => (
          <CancelledCard row={row} workshop={workshop} />
        ))}
      </Section>
    </>
  );
};

export const rosterPage = ({ organizer, ...props }: RosterPageProps): HttpResult =>
  consolePage({
    title: `Roster: ${props.workshop.title}`,
    organizer,
    csrfToken: props.csrfToken,
    children: <RosterView {...props} />,
  });

export interface RemoveConfirmPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshop: RosterWorkshop;
  row: Pick<RosterRow, 'id' | 'displayName' | 'email' | 'status'>;
  /** People on the waitlist now: says what happens to a freed place. */
  waitlistCount: number;
}

/** What removing this person does, in plain words. */
export const removeConsequence = (status: RosterRow['status'], waitlistCount: number): string => {
  if (status === 'waitlisted') return 'They will get an email, and everyone after them on the waitlist moves up one place.';
  if (waitlistCount > 0) return 'They will get an email, and the first person on the waitlist gets the place.';
  return 'They will get an email, and their place becomes free for someone else to register.';
};

/** The confirmation step of "Remove": the first press shows this page; only its button removes. */
export const RemoveConfirmView = ({ workshop, row, csrfToken, waitlistCount }: Omit<RemoveConfirmPageProps, 'organizer'>) => {
  const who = row.displayName?.trim() || row.email;
  return (
    <>
      <h1>{`Remove ${who}?`}</h1>
      <p>{removeConsequence(row.status, waitlistCount)}</p>
      <dl class="facts">
        <dt>Name</dt>
        <dd>{displayNameOf(row)}</dd>
        <dt>Email</dt>
        <dd>{row.email}</dd>
        <dt>Workshop</dt>
        <dd>
          {workshop.title}, {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}
        </dd>
      </dl>
      <form method="post" action={removePath(workshop.id, row.id)}>
        <CsrfInput token={csrfToken} />
        <input type="hidden" name="confirm" value="yes" />
        <p>
          <button type="submit">{row.status === 'waitlisted' ? 'Yes, remove them from the waitlist' : 'Yes, remove them'}</button>
        </p>
      </form>
      <p>
        <a class="action-link" href={`${rosterPath(workshop.id)}#${rowAnchor(row.id)}`}>
          No, go back to the roster
        </a>
      </p>
    </>
  );
};

export const removeConfirmPage = ({ organizer, ...props }: RemoveConfirmPageProps): HttpResult =>
  consolePage({
    title: `Remove ${props.row.displayName?.trim() || props.row.email}?`,
    organizer,
    csrfToken: props.csrfToken,
    children: <RemoveConfirmView {...props} />,
  });
