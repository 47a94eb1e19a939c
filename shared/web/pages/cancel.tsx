import type { HttpResult } from '../../http/response';
import type { PublicWorkshop } from '../../workshops/model';
import { renderPage } from '../../ui/page';
import { WorkshopLine } from './workshop-line';
import { linkProblemPage as problemPage, type LinkProblemReason } from './link-problem';
import { workshopPath } from '../../workshops/links';

/**
 * Cancelling from the link in a mail. Mail scanners open links, so the GET page only explains and
 * offers one POST form; nothing changes until the person presses the button.
 */

export interface CancelConfirmProps {
  workshop: PublicWorkshop;
  /** The signed token from the link; posted back unchanged. */
  token: string;
  status: 'confirmed' | 'waitlisted';
}

export const CancelConfirm = ({ workshop, token, status }: CancelConfirmProps) =>
  workshop.cancelled ? (
    <>
      <h1>This workshop is cancelled</h1>
      <WorkshopLine workshop={workshop} />
      <p>The organizers cancelled this workshop, so there is nothing for you to cancel and nothing you need to do.</p>
      <p>
        <a href="/">See other upcoming workshops</a>
      </p>
    </>
  ) : (
    <>
      <h1>{status === 'waitlisted' ? 'Leave the waitlist?' : 'Cancel your registration?'}</h1>
      <WorkshopLine workshop={workshop} />
      {status === 'waitlisted' ? (
        <p>You are on the waitlist for this workshop. If you cancel, you leave the waitlist and we will not email you about a place.</p>
      ) : (
        <p>You have a place in this workshop. If you cancel, your place goes to someone else, for example the next person on the waitlist.</p>
      )}
      <p>Nothing has changed yet. If you want to keep your {status === 'waitlisted' ? 'spot on the waitlist' : 'place'}, you can close this page.</p>
      <form method="post" action="/registrations/cancel">
        <input type="hidden" name="token" value={token} />
        <button type="submit">Cancel my registration</button>
      </form>
    </>
  );

export const cancelConfirmPage = (props: CancelConfirmProps): HttpResult =>
  renderPage({
    title: props.workshop.cancelled
      ? 'This workshop is cancelled'
      : props.status === 'waitlisted'
        ? 'Leave the waitlist?'
        : 'Cancel your registration?',
    children: <CancelConfirm {...props} />,
  });

export interface CancelDoneProps {
  workshop: PublicWorkshop | undefined;
  alreadyCancelled: boolean;
}

const doneHeading = (alreadyCancelled: boolean) =>
  alreadyCancelled ? 'This registration was already cancelled' : 'Your registration is cancelled';

export const CancelDone = ({ workshop, alreadyCancelled }: CancelDoneProps) => (
  <>
    <h1>{doneHeading(alreadyCancelled)}</h1>
    {workshop ? <WorkshopLine workshop={workshop} /> : null}
    {alreadyCancelled ? (
      <p>Nothing else needs to be done.</p>
    ) : (
      <p>Thank you for letting us know. We will send you an email to confirm. If the session is in your calendar, you can remove it.</p>
    )}
    {workshop ? (
      <p>
        Changed your mind? You can <a href={workshopPath(workshop.id)}>register again</a> while places or the waitlist are
        open.
      </p>
    ) : null}
    <p>
      <a href="/">See all upcoming workshops</a>
    </p>
  </>
);

export const cancelDonePage = (props: CancelDoneProps): HttpResult =>
  renderPage({ title: doneHeading(props.alreadyCancelled), children: <CancelDone {...props} /> });

/** A registration link that cannot be used (400), or is too old (410). */
export const linkProblemPage = ({ reason }: { reason: LinkProblemReason }): HttpResult =>
  problemPage({
    reason,
    nextStep: 'Use the link in the most recent email we sent you about this workshop. Open it directly from the email if you can.',
    fallback: 'If that does not work, contact the organizers of the workshop and they will help you.',
    onward: <a href="/">See all upcoming workshops</a>,
  });
