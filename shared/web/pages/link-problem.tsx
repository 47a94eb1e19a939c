import type { ComponentChildren } from 'preact';
import type { HttpResult } from '../../http/response';
import { renderPage } from '../../ui/page';
import type { TokenProblem } from '../../tokens';

/**
 * The page for a link from one of Hearth's emails that cannot be used: 400 when it cannot be read
 * (cut short, altered), 410 Gone when it is too old. It says that nothing changed and what to do
 * next; each kind of link brings its own next step, whom to ask if that fails, and where to go on.
 */
export type LinkProblemReason = TokenProblem;

export interface LinkProblemProps {
  reason: LinkProblemReason;
  nextStep: string;
  /** Whom to ask if the next step does not work. */
  fallback: string;
  /** A way on, under the list (none: nothing). */
  onward?: ComponentChildren;
}

const problemHeading = (reason: LinkProblemReason) => (reason === 'expired' ? 'This link has expired' : 'This link does not work');

const LinkProblem = ({ reason, nextStep, fallback, onward }: LinkProblemProps) => (
  <>
    <h1>{problemHeading(reason)}</h1>
    <p>
      {reason === 'expired'
        ? 'Links in our emails only work for a limited time, and this one is too old. Nothing has been changed.'
        : 'The link may be incomplete, for example if it was split over two lines when it was copied. Nothing has been changed.'}
    </p>
    <h2>What you can do</h2>
    <ul>
      <li>{nextStep}</li>
      <li>{fallback}</li>
    </ul>
    {onward ? <p>{onward}</p> : null}
  </>
);

export const linkProblemPage = (props: LinkProblemProps): HttpResult =>
  renderPage({ title: problemHeading(props.reason), status: props.reason === 'expired' ? 410 : 400, children: <LinkProblem {...props} /> });
