import type { HttpResult } from '../../http/response';
import { renderPage } from '../../ui/page';

/** A page for anything that went wrong. The message is shown as text (escaped), never as markup. */
const headingFor = (status: number): string => {
  if (status === 404) return 'Page not found';
  if (status === 409) return 'This cannot be done right now';
  if (status === 410) return 'This is no longer available';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'Sorry, something went wrong on our side';
  return 'There is a problem';
};

export const ErrorView = ({ status, message }: { status: number; message: string }) => (
  <>
    <h1>{headingFor(status)}</h1>
    <p>{message}</p>
    {status >= 500 ? <p>Nothing you did caused this. Please try again in a few minutes.</p> : null}
    {status === 429 ? <p>Please wait a minute and try again.</p> : null}
    <p>
      <a href="/">Go to the list of upcoming workshops</a>
    </p>
  </>
);

export const errorPage = (status: number, message: string): HttpResult =>
  renderPage({ title: headingFor(status), status, children: <ErrorView status={status} message={message} /> });
