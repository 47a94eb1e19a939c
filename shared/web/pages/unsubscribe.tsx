import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { renderPage } from '../../ui/page';
import { subscribePath } from './subscribe';

/**
 * Leaving the mailing list from the unsubscribe link of a mailing. The GET page changes nothing (mail
 * scanners open links): one button POSTs to the same URL, as a mail client's one-click unsubscribe
 * (RFC 8058) does. The answer to the POST is a page, never a redirect.
 */

export const UnsubscribeConfirm = ({ action }: { action: string }) => (
  <>
    <h1>Leave the mailing list?</h1>
    <p>If you leave, {config.orgName} sends you no more mailings. Nothing has changed yet; to stay on the list, you can close this page.</p>
    <form method="post" action={action}>
      <input type="hidden" name="List-Unsubscribe" value="One-Click" />
      <button type="submit">Leave the list</button>
    </form>
  </>
);

/** `action`: the link's own URL (path and token), so the button POSTs exactly what a mail client would. */
export const unsubscribeConfirmPage = (action: string): HttpResult =>
  renderPage({ title: 'Leave the mailing list?', children: <UnsubscribeConfirm action={action} /> });

export const UnsubscribeDone = ({ already }: { already: boolean }) => (
  <>
    <h1>{already ? 'You are not on the list' : 'You have left the list'}</h1>
    <p>{already ? 'This address left the mailing list before. Nothing has changed.' : `${config.orgName} will send you no more mailings.`}</p>
    <p>
      Changed your mind? You can <a href={subscribePath}>join the list again</a> at any time.
    </p>
  </>
);

export const unsubscribeDonePage = (already: boolean): HttpResult =>
  renderPage({ title: already ? 'You are not on the list' : 'You have left the list', children: <UnsubscribeDone already={already} /> });
