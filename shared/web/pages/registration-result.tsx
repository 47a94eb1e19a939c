import type { HttpResult } from '../../http/response';
import type { PublicWorkshop } from '../../workshops/model';
import { renderPage } from '../../ui/page';
import { formatWhen } from '../../kernel/zoned-time';

/**
 * After the registration form: "Check your inbox". The same page whatever happened (a place, the
 * waitlist, an address already registered, a submission taken for a script's), so nobody can learn
 * from it whether an address is registered; the outcome goes by mail to the address. The address
 * shown is the one the person just typed (so a typo can be seen), never one from storage.
 */
export interface RegistrationResultProps {
  workshop: PublicWorkshop;
  /** The address as submitted. */
  email: string;
}

const heading = 'Check your inbox';

export const RegistrationResultView = ({ workshop, email }: RegistrationResultProps) => (
  <>
    <h1>{heading}</h1>
    <p>
      We are sending an email to <strong>{email}</strong> about:
    </p>
    <p>
      <strong>{workshop.title}</strong>
      <br />
      {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}
    </p>
    <p>
      The email says whether you have a place or are on the waitlist. If you have a place, it tells you how to join
      and has a calendar file. It always has a link to cancel.
    </p>
    <p>If it has not arrived in a few minutes, please look in your spam or junk folder.</p>
    <p>If the address above is not right, go back and register again with the right one.</p>
    <p>
      <a href="/">See all upcoming workshops</a>
    </p>
  </>
);

export const registrationResultPage = (props: RegistrationResultProps): HttpResult =>
  renderPage({ title: heading, children: <RegistrationResultView {...props} /> });
