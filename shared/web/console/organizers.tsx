import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { describedBy, errorId, Field, FieldError, EmailField } from '../../ui/forms/fields';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formatDate } from '../../kernel/zoned-time';
import { consolePage, type ConsoleOrganizer, type OrganizerRole, consoleFormPage } from './layout';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { people } from '../labels';

/**
 * The admins' organizers page: everyone who may sign in to the console, a form to add someone, and
 * per person a role change and a removal. Every form is a POST carrying the session's CSRF token;
 * removal first shows a confirmation page (a second POST), so nothing needs JavaScript.
 * Adding someone does not email them (yet): the page says where they can sign in.
 */

export interface OrganizerRow {
  id: string;
  email: string;
  role: OrganizerRole;
  createdAt: string;
}

/** The signed-in admin, with their id so their own row can say "you". */
export type CurrentAdmin = ConsoleOrganizer & { id: string };

/** What the page says after a change (the handler redirects here with a code, never with text). */
export type OrganizersNotice =
  /** Without an address when the list does not show the new organizer yet (the index lags a moment). */
  | { kind: 'added'; email?: string; role?: OrganizerRole }
  | { kind: 'role-changed'; email: string; role: OrganizerRole }
  | { kind: 'removed' };

export interface OrganizersPageProps {
  organizer: CurrentAdmin;
  csrfToken: string;
  organizers: OrganizerRow[];
  /** The add form's values, shown again after an error. */
  values?: { email?: string; role?: string };
  /** The add form's field errors (`email`, `role`). */
  errors?: Record<string, string>;
  /** An error about one person's row (role change or removal refused), by organizer id. */
  rowErrors?: Record<string, string>;
  notice?: OrganizersNotice;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
}

export const organizersPath = '/console/organizers';
export const organizerRolePath = (id: string) => `${organizersPath}/${encodeURIComponent(id)}/role`;
export const organizerRemovePath = (id: string) => `${organizersPath}/${encodeURIComponent(id)}/remove`;

/** Where a new organizer signs in (the page tells the admin, who tells them). */
export const consoleSignInUrl = (): string => `${config.baseUrl}/console/sign-in`;

export const roleLabel = (role: OrganizerRole): string => (role === 'admin' ? 'Admin' : 'Organizer');
const otherRole = (role: OrganizerRole): OrganizerRole => (role === 'admin' ? 'organizer' : 'admin');
const roleWithArticle = (role: OrganizerRole) => (role === 'admin' ? 'an admin' : 'an organizer');

/** The add form's fields in page order; the error summary links follow it. */
export const addOrganizerFields = [
  { name: 'email', label: 'Email address' },
  { name: 'role', label: 'Role' },
] as const;

export const roleChoices: ReadonlyArray<{ value: OrganizerRole; label: string; hint: string }> = [
  { value: 'organizer', label: 'Organizer', hint: 'runs workshops: the dashboard, workshops and rosters' },
  { value: 'admin', label: 'Admin', hint: 'everything an organizer does, and also organizers, API keys and the audit log' },
];

/** The hidden CSRF input every console form carries. */
/**
 * Two radio buttons for a role, in a fieldset (no <select>: radios show both choices and their
 * meaning at once). The first radio has the field's id, so the error summary's link lands on it.
 */
export const RoleRadios = ({ name, legend, value, error }: { name: string; legend: string; value?: string; error?: string }) => (
  <Field error={error}>
    <fieldset aria-describedby={describedBy(error && errorId(name))}>
      <legend>{legend}</legend>
      <FieldError name={name} message={error} />
      {roleChoices.map((choice, index) => {
        const id = index === 0 ? name : `${name}-${choice.value}`;
        return (
          <div class="checkbox">
            <input type="radio" id={id} name={name} value={choice.value} required checked={value === choice.value} aria-invalid={error ? 'true' : undefined} />
            <label for={id}>
              <strong>{choice.label}</strong>: {choice.hint}
            </label>
          </div>
        );
      })}
    </fieldset>
  </Field>
);

export const OrganizersNoticeView = ({ notice }: { notice: OrganizersNotice }) => {
  if (notice.kind === 'added') {
    return (
      <div class="notice" role="status">
        <p>
          {notice.email && notice.role ? (
            <>
              <strong>{notice.email}</strong> is now {roleWithArticle(notice.role)}.
            </>
          ) : (
            'The organizer was added.'
          )}{' '}
          They can now sign in at{' '}
          <a href={consoleSignInUrl()}>{consoleSignInUrl()}</a>.
        </p>
        <p>We have emailed them an invitation with this address.</p>
      </div>
    );
  }
  if (notice.kind === 'role-changed') {
    return (
      <p class="notice" role="status">
        <strong>{notice.email}</strong> is now {roleWithArticle(notice.role)}. This applies at once, also if they are signed in now.
      </p>
    );
  }
  return (
    <p class="notice" role="status">
      The organizer was removed. They can no longer sign in, and if they were signed in, that has ended.
    </p>
  );
};

const AddOrganizerForm = ({ csrfToken, values, errors }: { csrfToken: string; values: { email?: string; role?: string }; errors: Record<string, string> }) => (
  <form method="post" action={organizersPath}>
    <CsrfInput token={csrfToken} />
    <EmailField
      name="email"
      label="Email address"
      hint="The address they will sign in with. We email them an invitation that says where to sign in."
      error={errors.email}
      autocomplete="off"
      value={values.email}
    />
    <RoleRadios name="role" legend="Role" value={values.role ?? 'organizer'} error={errors.role} />
    <button type="submit">Add organizer</button>
  </form>
);

const OrganizerItem = ({ row, current, csrfToken, error }: { row: OrganizerRow; current: CurrentAdmin; csrfToken: string; error?: string }) => {
  const you = row.id === current.id;
  const errorName = `organizer-${row.id}`;
  const next = otherRole(row.role);
  const changeLabel = next === 'admin' ? 'Make admin' : 'Make organizer';
  return (
    <li>
      <h3>
        {row.email}
        {you ? ' (you)' : ''}
      </h3>
      <dl class="facts">
        <dt>Role</dt>
        <dd>{roleLabel(row.role)}</dd>
        <dt>Added</dt>
        <dd>
          <time dateTime={row.createdAt}>{formatDate(row.createdAt, 'UTC')}</time>
        </dd>
      </dl>
      <FieldError name={errorName} message={error} />
      <form method="post" action={organizerRolePath(row.id)}>
        <CsrfInput token={csrfToken} />
        <input type="hidden" name="role" value={next} />
        <button type="submit" class="button-secondary" aria-label={`${changeLabel}: ${row.email}`} aria-describedby={describedBy(error && errorId(errorName))}>
          {changeLabel}
        </button>
      </form>
      {you ? (
        <p class="hint">You cannot remove yourself; another admin can.</p>
      ) : (
        <form method="post" action={organizerRemovePath(row.id)}>
          <CsrfInput token={csrfToken} />
          <button type="submit" class="button-secondary" aria-label={`Remove: ${row.email}`} aria-describedby={describedBy(error && errorId(errorName))}>
            Remove
          </button>
        </form>
      )}
    </li>
  );
};

export const OrganizersView = ({ organizer, csrfToken, organizers, values = {}, errors = {}, rowErrors = {}, notice }: Omit<OrganizersPageProps, 'status'>) => {
  const rowMessages = Object.entries(rowErrors);
  return (
    <>
      {rowMessages.length > 0 ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-heading">
          <h2 id="error-summary-heading">There is a problem</h2>
          <ul>
            {rowMessages.map(([id, message]) => (
              <li>
                <a href={`#${errorId(`organizer-${id}`)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorSummary errors={errors} fields={addOrganizerFields} />
      )}
      <h1>Organizers</h1>
      {notice ? <OrganizersNoticeView notice={notice} /> : null}
      <p>Everyone here can sign in to the console. Changes apply at once, also to anyone signed in now.</p>

      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add an organizer</h2>
        <AddOrganizerForm csrfToken={csrfToken} values={values} errors={errors} />
      </section>

      <section aria-labelledby="list-heading">
        <h2 id="list-heading">
          {people(organizers.length)} can sign in
        </h2>
        <ul class="workshop-list">
          {organizers.map((row) => (
            <OrganizerItem row={row} current={organizer} csrfToken={csrfToken} error={rowErrors[row.id]} />
          ))}
        </ul>
      </section>
    </>
  );
};

export const organizersPage = (props: OrganizersPageProps): HttpResult =>
  consoleFormPage('Organizers', { ...props, errors: { ...props.errors, ...props.rowErrors }, current: organizersPath }, <OrganizersView {...props} />);

export interface ConfirmRemovalProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  target: OrganizerRow;
}

/** The second step of removing someone: says what happens, and one POST button to do it. */
export const ConfirmRemovalView = ({ csrfToken, target }: Omit<ConfirmRemovalProps, 'organizer'>) => (
  <>
    <h1>Remove {target.email}?</h1>
    <p>
      {target.email} ({roleLabel(target.role)}) will no longer be able to sign in. If they are signed in now, that ends at once. What they did
      stays in the audit log.
    </p>
    <p>You can add them again later; they would then sign in anew.</p>
    <form method="post" action={organizerRemovePath(target.id)}>
      <CsrfInput token={csrfToken} />
      <input type="hidden" name="confirm" value="yes" />
      <button type="submit">Yes, remove {target.email}</button>
    </form>
    <p>
      <a href={organizersPath}>No, keep them and go back to organizers</a>
    </p>
  </>
);

export const confirmRemovalPage = ({ organizer, csrfToken, target }: ConfirmRemovalProps): HttpResult =>
  consolePage({
    title: `Remove ${target.email}?`,
    organizer,
    csrfToken,
    current: organizersPath,
    children: <ConfirmRemovalView csrfToken={csrfToken} target={target} />,
  });
