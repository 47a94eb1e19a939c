import type { HttpResult } from '../../http/response';
import type { Workshop } from '../../workshops/model';
import { EmailField, TextAreaField } from '../../ui/forms/fields';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formatDate, formatWhen } from '../../kernel/zoned-time';
import { consoleWorkshopPath, placesTakenLabel, statusLabel, statusNote } from './dashboard';
import { type ConsoleOrganizer, consoleFormPage } from './layout';
import { timeZoneLabel } from '../../kernel/zoned-time';
import { describeOffset } from '../../reminders/offsets';
import { safeHref } from '../../ui/crisis';
import { workshopPath } from '../../workshops/links';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { people } from '../labels';
import { Fact } from '../../ui/facts';
import { isDiscreet } from '../../workshops/discreet';
import { registrationErasureAt, registrationRetentionDays } from '../../workshops/retention';

/**
 * One workshop as its organizers (and admins) see it: every detail (the online link and the address
 * too), its status, how full it is, what can be done with it, and its organizers. Other organizers
 * see that it exists and its counts, and who organizes it. Publishing and cancelling are POST forms with the
 * session's CSRF token; cancelling sits behind a disclosure and says plainly who gets an email.
 */

export const workshopEditPath = (id: string) => `${consoleWorkshopPath(id)}/edit`;
export const workshopPublishPath = (id: string) => `${consoleWorkshopPath(id)}/publish`;
export const workshopCancelPath = (id: string) => `${consoleWorkshopPath(id)}/cancel`;
export const workshopRosterPath = (id: string) => `${consoleWorkshopPath(id)}/roster`;
export const workshopMessagePath = (id: string) => `${consoleWorkshopPath(id)}/message`;
export const workshopOrganizersPath = (id: string) => `${consoleWorkshopPath(id)}/organizers`;
export const workshopOrganizerRemovePath = (id: string) => `${consoleWorkshopPath(id)}/organizers/remove`;

/** What just happened, said once at the top of the page after a redirect (`?done=`). */
export const workshopDoneStates = ['created', 'updated', 'rescheduled', 'unchanged', 'published', 'cancelled', 'organizer-added', 'organizer-removed'] as const;
export type WorkshopDone = (typeof workshopDoneStates)[number];

export const isWorkshopDone = (value: string | undefined): value is WorkshopDone =>
  (workshopDoneStates as readonly string[]).includes(value ?? '');

const doneMessage: Record<WorkshopDone, string> = {
  created: 'The workshop is saved as a draft. Nobody can see it or register until you publish it.',
  updated: 'Your changes are saved.',
  rescheduled: 'Your changes are saved. Everyone registered is getting an email with the new details.',
  unchanged: 'Nothing was changed.',
  published: 'The workshop is published: it is on the public list and people can register.',
  cancelled: 'The workshop is cancelled. Everyone who was registered is getting an email.',
  'organizer-added': 'The organizer is added: they can now see this workshop’s registrations and change it.',
  'organizer-removed': 'The organizer is removed from this workshop.',
};

/** The page's form fields: the cancel form's message, the organizers form's address. */
export const cancelFields = [
  { name: 'message', label: 'Message to registrants' },
  { name: 'organizerEmail', label: 'Organizer’s email address' },
] as const;

/** One of the workshop's organizers: their id (or `api-key:<id>`) and how to name them. */
export interface WorkshopOrganizerRow {
  id: string;
  label: string;
}

/** "24 hours and 1 hour before the start", or that none are sent. */
export const remindersLabel = (offsets: readonly number[]): string => {
  if (offsets.length === 0) return 'None';
  const parts = offsets.map(describeOffset);
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `${list} before the start, to confirmed registrants`;
};

export interface WorkshopDetailProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  workshop: Workshop;
  /** Whether the signed-in organizer organizes this workshop (or is an admin): else they see that it exists and its counts. */
  organizes?: boolean;
  /** The workshop's organizers. */
  organizers?: WorkshopOrganizerRow[];
  done?: WorkshopDone;
  /** Errors of the cancel form (`message`) and the organizers form (`organizerEmail`). */
  errors?: Record<string, string>;
  /** What was typed in the cancel or organizers form, shown again after an error. */
  values?: { message?: string; organizerEmail?: string };
  /** A problem with publishing or cancelling (e.g. the start is in the past). */
  formError?: string;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
}


/** Who gets an email when the workshop is cancelled, in words. */
export const cancelAudience = (workshop: Pick<Workshop, 'confirmedCount' | 'waitlistCount'>): string => {
  const { confirmedCount: confirmed, waitlistCount: waiting } = workshop;
  if (confirmed === 0 && waiting === 0) return 'Nobody is registered yet, so no emails are sent.';
  const parts = [
    ...(confirmed > 0 ? [`${people(confirmed)} with a place`] : []),
    ...(waiting > 0 ? [`${people(waiting)} on the waitlist`] : []),
  ];
  return `Everyone registered gets an email saying the workshop is cancelled: ${parts.join(' and ')}.`;
};

const discreetLabel = (workshop: Workshop): string =>
  !isDiscreet(workshop) ? 'No' : workshop.discreet ? 'Yes: mails and calendar entries name no topic' : 'Yes, as every workshop of the organisation';

/** When the registrations' addresses, names and accessibility needs go (shared/workshops/retention.ts). */
const retentionLabel = (workshop: Workshop): string => {
  const days = registrationRetentionDays(workshop);
  return `${days} ${days === 1 ? 'day' : 'days'} after it ends, on ${formatDate(registrationErasureAt(workshop).toISOString(), workshop.timezone)}; the counts stay`;
};

const waitlistLabel = (workshop: Workshop): string => {
  if (!workshop.waitlist) return workshop.waitlistCount > 0 ? `Closed; ${workshop.waitlistCount} still on it` : 'No waitlist';
  return workshop.waitlistCount === 0 ? 'Open, nobody on it' : `${workshop.waitlistCount} on the waitlist`;
};

const CancelForm = ({ workshop, csrfToken, errors, values }: { workshop: Workshop; csrfToken: string; errors: Record<string, string>; values: { message?: string } }) => (
  <section aria-labelledby="cancel-heading">
    <h2 id="cancel-heading">Cancel this workshop</h2>
    <p class="notice" id="cancel-warning">
      <strong>{cancelAudience(workshop)}</strong> Cancelling cannot be undone
      {workshop.status === 'published' ? ': the workshop leaves the public list and nobody can register.' : '.'}
    </p>
    <details open={errors.message ? true : undefined}>
      <summary>I want to cancel this workshop</summary>
      <form method="post" action={workshopCancelPath(workshop.id)}>
        <CsrfInput token={csrfToken} />
        <TextAreaField
          name="message"
          label="Message to registrants (optional)"
          hint="Added to the cancellation email, for example the reason or where to find other support. Do not include anyone’s personal details."
          error={errors.message}
          rows={5}
          maxLength={2000}
          value={values.message}
        />
        <button type="submit" aria-describedby="cancel-warning">
          Cancel the workshop
        </button>
      </form>
    </details>
  </section>
);

const OrganizersSection = ({ workshop, organizers, csrfToken, mayChange, errors, values }: {
  workshop: Workshop;
  organizers: WorkshopOrganizerRow[];
  csrfToken: string;
  mayChange: boolean;
  errors: Record<string, string>;
  values: { organizerEmail?: string };
}) => (
  <section aria-labelledby="organizers-heading">
    <h2 id="organizers-heading">Organizers of this workshop</h2>
    <p id="organizers-hint">Only they and admins see who registered, their accessibility needs and the messages, and change the workshop.</p>
    {organizers.length === 0 ? (
      <p>None: only admins can see its registrations.</p>
    ) : (
      <ul>
        {organizers.map((row) => (
          <li>
            {row.label}
            {mayChange ? (
              <form method="post" action={workshopOrganizerRemovePath(workshop.id)}>
                <CsrfInput token={csrfToken} />
                <input type="hidden" name="who" value={row.id} />
                <button type="submit" class="button-secondary" aria-label={`Remove ${row.label} from this workshop’s organizers`}>
                  Remove
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    )}
    {mayChange ? (
      <form method="post" action={workshopOrganizersPath(workshop.id)}>
        <CsrfInput token={csrfToken} />
        <EmailField
          name="organizerEmail"
          label="Add an organizer by their email address"
          hint="They must already be an organizer of the console."
          autocomplete="off"
          error={errors.organizerEmail}
          value={values.organizerEmail}
        />
        <button type="submit">Add organizer</button>
      </form>
    ) : null}
  </section>
);

export const WorkshopDetailView = ({ workshop, csrfToken, organizes = true, organizers = [], done, errors = {}, values = {}, formError }: Omit<WorkshopDetailProps, 'status' | 'organizer'>) => {
  const online = safeHref(workshop.onlineUrl);
  const cancelled = workshop.status === 'cancelled';
  return (
    <>
      <ErrorSummary errors={errors} formError={formError} fields={cancelFields} />
      {done ? (
        <p class="notice" role="status">
          {doneMessage[done]}
        </p>
      ) : null}
      <h1>{workshop.title}</h1>
      {!organizes ? (
        <p class="notice">
          You are not one of this workshop’s organizers, so you see that it exists and how full it is. Its organizers or an admin can add you.
        </p>
      ) : null}
      {cancelled && organizes ? (
        <div class="notice">
          <p>
            <strong>This workshop is cancelled.</strong> Everyone who was registered was sent an email.
          </p>
          {workshop.cancellationMessage ? (
            <>
              <p>Your message to them:</p>
              <p class="pre-line">{workshop.cancellationMessage}</p>
            </>
          ) : null}
        </div>
      ) : null}
      <dl class="facts" id="workshop-facts">
        <Fact term="Status">
          <span class="status">{statusLabel(workshop.status)}</span> ({statusNote(workshop.status)})
        </Fact>
        <Fact term="When">{formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}</Fact>
        <Fact term="Time zone">{timeZoneLabel(workshop.timezone)}</Fact>
        <Fact term="Facilitator">{workshop.facilitator}</Fact>
        <dt>Places</dt>
        <dd>
          <div class="places">
            <meter min={0} max={workshop.capacity} value={workshop.confirmedCount} aria-labelledby="places-taken">
              {placesTakenLabel(workshop.confirmedCount, workshop.capacity)}
            </meter>
            <span id="places-taken">{placesTakenLabel(workshop.confirmedCount, workshop.capacity)}</span>
          </div>
        </dd>
        <Fact term="Waitlist">{waitlistLabel(workshop)}</Fact>
        <Fact term="Reminders">{remindersLabel(workshop.reminderOffsetsMinutes)}</Fact>
        <Fact term="Discreet">{discreetLabel(workshop)}</Fact>
        <Fact term="Registrations erased">{retentionLabel(workshop)}</Fact>
        {organizes ? (
          <>
            <dt>Address or place</dt>
            <dd class="pre-line">{workshop.location?.trim() ? workshop.location : 'None (online only)'}</dd>
            <dt>Online link</dt>
            <dd>{workshop.onlineUrl ? online ? <a href={online}>{workshop.onlineUrl}</a> : workshop.onlineUrl : 'None (in person only)'}</dd>
          </>
        ) : null}
      </dl>
      {organizes ? <p class="hint">Only people with a place get the address and the online link, by email.</p> : null}
      {workshop.description ? (
        <>
          <h2>Description</h2>
          <p class="pre-line">{workshop.description}</p>
        </>
      ) : null}

      {cancelled && !organizes ? <p>This workshop is cancelled.</p> : null}

      <h2>What you can do</h2>
      <ul>
        {organizes && !cancelled ? (
          <li>
            <a class="action-link" href={workshopEditPath(workshop.id)}>
              Edit the details, time or places
            </a>
          </li>
        ) : null}
        {organizes ? (
          <>
            <li>
              <a class="action-link" href={workshopRosterPath(workshop.id)}>
                See who is registered (roster)
              </a>
            </li>
            <li>
              <a class="action-link" href={workshopMessagePath(workshop.id)}>
                Send a message to registrants
              </a>
            </li>
            <li>
              <a class="action-link" href={`${consoleWorkshopPath(workshop.id)}/survey`}>
                Feedback survey: questions and results
              </a>
            </li>
          </>
        ) : null}
        {workshop.status === 'published' ? (
          <li>
            <a class="action-link" href={workshopPath(workshop.id)}>
              See the public page
            </a>
          </li>
        ) : null}
      </ul>

      {organizes && workshop.status === 'draft' ? (
        <section aria-labelledby="publish-heading">
          <h2 id="publish-heading">Publish</h2>
          <p id="publish-hint">Publishing puts the workshop on the public list, so people can find it and register.</p>
          <form method="post" action={workshopPublishPath(workshop.id)}>
            <CsrfInput token={csrfToken} />
            <button type="submit" aria-describedby="publish-hint">
              Publish the workshop
            </button>
          </form>
        </section>
      ) : null}

      {organizes && !cancelled ? <CancelForm workshop={workshop} csrfToken={csrfToken} errors={errors} values={values} /> : null}

      <OrganizersSection workshop={workshop} organizers={organizers} csrfToken={csrfToken} mayChange={organizes} errors={errors} values={values} />

      <p>
        <a href="/console">Back to the dashboard</a>
      </p>
    </>
  );
};

export const workshopDetailPage = ({ organizer, status, ...props }: WorkshopDetailProps): HttpResult =>
  consoleFormPage(props.workshop.title, { ...props, organizer, status }, <WorkshopDetailView {...props} />);
