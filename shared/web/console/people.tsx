import type { HttpResult } from '../../http/response';
import type { Erasure } from '../../people/erase';
import { CsrfInput } from '../../ui/forms/csrf-input';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { EmailField } from '../../ui/forms/fields';
import { plural } from '../labels';
import { consoleFormPage, consolePage, type ConsoleOrganizer } from './layout';

/**
 * The admins' "People's data" page: a request made by phone or letter (GDPR Art. 15, 17 and 20)
 * answered by address. Export downloads what /my-data would show, as JSON; erasure first shows a
 * confirmation page (a second POST). The address travels in form bodies, never in a URL, and the
 * audit log records who did it, by organizer id, never the address.
 */
export const peoplePath = '/console/people';
export const peopleFields = [{ name: 'email', label: 'The person’s email address' }] as const;

interface PeoplePageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  email?: string;
  error?: string;
  erased?: Erasure;
}

const ErasedNotice = ({ erased }: { erased: Erasure }) => (
  <div class="notice" role="status">
    <p>
      Erased. {plural(erased.placesCancelled, 'place still to come was', 'places still to come were')} cancelled (the waitlist moved up);{' '}
      {plural(erased.registrationsErased, 'registration no longer holds', 'registrations no longer hold')} the address;{' '}
      {erased.leftList ? 'the address is off the mailing list and erased from it' : 'the address was not on the mailing list'}.
    </p>
    <p>Tell the person it is done. No mail goes to them: the address is no longer held.</p>
  </div>
);

export const PeopleView = ({ csrfToken, email, error, erased }: Omit<PeoplePageProps, 'organizer'>) => (
  <>
    {error ? <ErrorSummary errors={{ email: error }} fields={peopleFields} /> : null}
    <h1>People’s data</h1>
    {erased ? <ErasedNotice erased={erased} /> : null}
    <p>
      For a request made by phone or letter. Anyone with an email address can do this themselves on the public "See your data" page (/my-data).
      Check who is asking before you act: both are recorded in the audit log under your name, without the address.
    </p>
    <form method="post" action={`${peoplePath}/export`}>
      <CsrfInput token={csrfToken} />
      <EmailField name="email" label="The person’s email address" hint="The address they used to register or join the list." error={error} value={email} />
      <button type="submit">Download their data (JSON)</button>
      <button type="submit" formaction={`${peoplePath}/erase`} class="button-secondary">
        Erase their data…
      </button>
    </form>
  </>
);

export const peoplePage = (props: PeoplePageProps & { status?: number }): HttpResult =>
  consoleFormPage('People’s data', { ...props, formError: props.error, current: peoplePath }, <PeopleView {...props} />);

/** The second step of an erasure: what happens, and one POST button to do it. */
export const confirmErasurePage = ({ organizer, csrfToken, email }: { organizer: ConsoleOrganizer; csrfToken: string; email: string }): HttpResult =>
  consolePage({
    title: 'Erase this person’s data?',
    organizer,
    csrfToken,
    current: peoplePath,
    children: (
      <>
        <h1>Erase everything held about {email}?</h1>
        <ul>
          <li>Their places in workshops still to come are cancelled, and the waitlist moves up.</li>
          <li>They leave the mailing list.</li>
          <li>Their address, names and accessibility needs are erased from every registration and campaign.</li>
          <li>Counts stay, and a keyed hash of the address that keeps an import from adding it back.</li>
        </ul>
        <p>This cannot be undone. Download their data first if they asked for a copy.</p>
        <form method="post" action={`${peoplePath}/erase`}>
          <CsrfInput token={csrfToken} />
          <input type="hidden" name="email" value={email} />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit">Yes, erase everything</button>
        </form>
        <p>
          <a href={peoplePath}>No, go back</a>
        </p>
      </>
    ),
  });
