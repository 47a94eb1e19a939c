import { now } from '../../shared/clock';
import { attempt, Refused, refused } from '../../shared/kernel/refusal';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { formBody, queryParam, rawBody } from '../../shared/http/request';
import type { Subscriber } from '../../shared/mailing-list/model';
import { openListLink, savePreferences, unsubscribe } from '../../shared/mailing-list/subscriptions';
import { TopicStore } from '../../shared/mailing-list/topic-store';
import { errorPage } from '../../shared/web/pages/error';
import { preferencesLeftPage, preferencesPage } from '../../shared/web/pages/preferences';
import { listLinkProblemPage } from '../../shared/web/pages/subscribe';
import { unsubscribeDonePage } from '../../shared/web/pages/unsubscribe';

/**
 * A subscriber's preferences page from the link in every mailing: GET shows the topics and a "leave
 * the list" button and changes nothing; POST saves the topics (`action=save`) or leaves (`action=leave`).
 */
const subscriberOf = async (token: string | undefined, at: Date) => {
  const state = await openListLink('preferences', token, at);
  return state.kind === 'link-problem' ? { problem: listLinkProblemPage(state.reason, 'preferences') } : { subscriber: state.subscriber };
};

const page = async (token: string, subscriber: Subscriber, extra: { saved?: boolean; errors?: Record<string, string>; chosen?: string[] } = {}) =>
  subscriber.status === 'unsubscribed'
    ? preferencesLeftPage()
    : preferencesPage({
        token,
        topics: await TopicStore.list(),
        chosen: extra.chosen ?? subscriber.topics,
        status: subscriber.status,
        ...(extra.saved ? { saved: true } : {}),
        ...(extra.errors ? { errors: extra.errors } : {}),
      });

export const handler = httpHandler(
  routes.preferences,
  {
    show: async (event) => {
      const token = queryParam(event, 'token');
      const found = await subscriberOf(token, now());
      if (found.problem) return found.problem;
      return page(token ?? '', found.subscriber);
    },

    save: async (event) => {
      const at = now();
      const form = formBody(event);
      const token = form.token ?? '';
      const found = await subscriberOf(token, at);
      if (found.problem) return found.problem;
      const subscriber = found.subscriber;
      if (form.action === 'leave') return unsubscribeDonePage(!(await unsubscribe(subscriber.id, undefined, at)));
      if (form.action !== 'save') return refused('invalid', 'Please use the buttons on the preferences page.');
      const chosen = new URLSearchParams(rawBody(event)).getAll('topics');
      const saved = await attempt(() => savePreferences(subscriber.id, chosen, at));
      if (!saved.ok) {
        if (saved.refused !== 'invalid' || !saved.fields) throw new Refused(saved);
        return page(token, subscriber, { errors: saved.fields, chosen });
      }
      if (saved.value.kind === 'not-subscribed') return preferencesLeftPage();
      return page(token, { ...subscriber, topics: saved.value.topics }, { saved: true });
    },
  },
  { errorPage },
);
