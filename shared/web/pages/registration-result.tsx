import type { HttpResult } from '../../http/response';
import type { PublicWorkshop, RegistrationResult } from '../../registration/model';
import { workshopPath } from '../labels';
import { renderPage } from '../page';
import { formatWhen } from '../time';

/**
 * After the registration form: what happened, in plain words. Never shows the email address (the
 * page may be seen on a shared screen), and never the join link or address (those go by email).
 */
export interface RegistrationResultProps {
  workshop: PublicWorkshop;
  result: RegistrationResult;
  /** The person was registered already; this is their existing registration. */
  existing: boolean;
}

const waitlistLine = (position: number | undefined) =>
  position ? `You are number ${position} on the waitlist.` : 'You are on the waitlist.';

const headingFor = ({ result, existing }: RegistrationResultProps): string => {
  if (existing) return 'You were already registered';
  if (result.status === 'confirmed') return 'You have a place';
  if (result.status === 'waitlisted') return waitlistLine(result.waitlistPosition).replace(/\.$/, '');
  return 'This registration is cancelled';
};

export const RegistrationResultView = (props: RegistrationResultProps) => {
  const { workshop, result, existing } = props;
  return (
    <>
      <h1>{headingFor(props)}</h1>
      <p>
        <strong>{workshop.title}</strong>
        <br />
        {formatWhen(workshop.startsAt, workshop.endsAt, workshop.timezone)}
      </p>

      {result.status === 'confirmed' ? (
        <>
          {existing ? <p>You already have a place in this workshop. Nothing has changed.</p> : null}
          <p>
            {existing
              ? 'The details are in the email we sent when you registered: how to join, a calendar file and a link to cancel.'
              : 'Please check your email for the details: how to join, a calendar file to add the session to your calendar, and a link to cancel if you cannot make it.'}
          </p>
          <p>If you cannot find the email, please look in your spam or junk folder.</p>
        </>
      ) : result.status === 'waitlisted' ? (
        <>
          {existing ? <p>{waitlistLine(result.waitlistPosition)} Nothing has changed.</p> : null}
          <p>If a place opens up, we email you at once with the details. You do not need to do anything.</p>
          <p>
            {existing
              ? 'The email we sent when you joined the waitlist has a link to leave it.'
              : 'We have sent you an email with a link to leave the waitlist if you change your mind.'}
          </p>
        </>
      ) : (
        <p>
          This registration was cancelled. <a href={workshopPath(workshop.id)}>Go back to the workshop</a> to
          register again if places are left.
        </p>
      )}

      <p>
        <a href="/">See all upcoming workshops</a>
      </p>
    </>
  );
};

export const registrationResultPage = (props: RegistrationResultProps): HttpResult =>
  renderPage({ title: headingFor(props), children: <RegistrationResultView {...props} /> });
