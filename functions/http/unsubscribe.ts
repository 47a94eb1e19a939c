import { countUnsubscribe } from '../../shared/campaigns/port';
import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { queryParam } from '../../shared/http/request';
import { openListLink, unsubscribeByLink } from '../../shared/mailing-list/subscriptions';
import { errorPage } from '../../shared/web/pages/error';
import { listLinkProblemPage } from '../../shared/web/pages/subscribe';
import { unsubscribeConfirmPage, unsubscribeDonePage } from '../../shared/web/pages/unsubscribe';

/**
 * One-click unsubscribe (RFC 8058). The token is in the URL (the List-Unsubscribe header's URL);
 * the POST's body is not read: a mail client sends `List-Unsubscribe=One-Click` as a form or as
 * multipart, some send nothing, and there are no cookies and no CSRF token by design: the signed
 * token is the authority. The POST unsubscribes at once and answers 200 with a small page, never a
 * redirect; again is harmless. The GET changes nothing and shows a button that POSTs to the same URL.
 */
const actionOf = (token: string) => `/unsubscribe?token=${encodeURIComponent(token)}`;

export const handler = httpHandler(
  routes.unsubscribe,
  {
    show: async (event) => {
      const token = queryParam(event, 'token');
      const state = await openListLink('unsubscribe', token, now());
      if (state.kind === 'link-problem') return listLinkProblemPage(state.reason, 'unsubscribe');
      if (state.subscriber.status === 'unsubscribed') return unsubscribeDonePage(true);
      return unsubscribeConfirmPage(actionOf(token!));
    },

    confirm: async (event) => {
      const outcome = await unsubscribeByLink(queryParam(event, 'token'), now(), countUnsubscribe);
      return outcome.kind === 'link-problem' ? listLinkProblemPage(outcome.reason, 'unsubscribe') : unsubscribeDonePage(outcome.already);
    },
  },
  { errorPage },
);
