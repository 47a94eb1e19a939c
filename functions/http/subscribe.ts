import { now } from '../../shared/clock';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { formBody, jsonBody, queryParam, rawBody, type HttpEvent } from '../../shared/http/request';
import { json, type HttpResult } from '../../shared/http/response';
import { preferencesUrl } from '../../shared/mailing-list/links';
import { consentWording, SubscribeInput, subscribeAccepted } from '../../shared/mailing-list/model';
import { confirmSubscription, openConfirmation, requestSubscription, type ConfirmationState } from '../../shared/mailing-list/subscriptions';
import { TopicStore } from '../../shared/mailing-list/topic-store';
import { errorPage } from '../../shared/web/pages/error';
import { fieldErrors } from '../../shared/kernel/fields';
import { attempt, Refused } from '../../shared/kernel/refusal';
import {
  confirmedPage,
  confirmPage,
  confirmStalePage,
  listLinkProblemPage,
  subscribeAcceptedPage,
  subscribePage,
} from '../../shared/web/pages/subscribe';

/**
 * Joining the mailing list: the subscribe page and API (the same answer for any address), the
 * topics, and the double opt-in link (GET shows a button, POST confirms).
 */

const client = (event: HttpEvent) => event.requestContext?.http?.sourceIp;

/** The page for where a confirmation link stands; `open` (only before the button is pressed) shows the button. */
const confirmationPage = async (state: ConfirmationState, token: string, at: Date): Promise<HttpResult> => {
  switch (state.kind) {
    case 'link-problem':
      return listLinkProblemPage(state.reason, 'confirm');
    case 'stale':
      return confirmStalePage();
    case 'open':
      return confirmPage(token);
    default:
      return confirmedPage({ already: state.kind === 'already-confirmed', preferencesUrl: await preferencesUrl(state.subscriberId, at) });
  }
};

/** The form as typed; ticked topics come as repeated `topics` fields. */
const readForm = (event: HttpEvent) => {
  const { email, displayName, consent, topics: _topics, ...unknown } = formBody(event);
  const topics = new URLSearchParams(rawBody(event)).getAll('topics');
  const values = { email: email ?? '', displayName: displayName ?? '', topics, consent: consent === 'true' || consent === 'on' };
  const input = {
    email: values.email,
    ...(values.displayName.trim() ? { displayName: values.displayName } : {}),
    topics,
    consent: values.consent ? true : undefined,
  };
  return { values, input, unknownFields: Object.keys(unknown) };
};

export const handler = httpHandler(
  routes.subscribe,
  {
    form: async () => subscribePage({ topics: await TopicStore.list() }),

    submit: async (event) => {
      const { values, input, unknownFields } = readForm(event);
      const parsed = SubscribeInput.safeParse(input);
      if (!parsed.success || unknownFields.length > 0) {
        return subscribePage({
          topics: await TopicStore.list(),
          values,
          errors: parsed.success ? {} : fieldErrors(parsed.error),
          ...(unknownFields.length > 0 ? { formError: 'The form had fields we do not know; please use the form on this page.' } : {}),
        });
      }
      const requested = await attempt(() => requestSubscription(parsed.data, 'form', client(event), now()));
      if (requested.ok) return subscribeAcceptedPage();
      if (requested.refused !== 'invalid' || !requested.fields) throw new Refused(requested);
      return subscribePage({ topics: await TopicStore.list(), values, errors: requested.fields });
    },

    api: async (event) => {
      const input = jsonBody(event, SubscribeInput);
      await requestSubscription(input, 'api', client(event), now());
      return json(202, subscribeAccepted);
    },

    /** The topics to choose from, and the consent wording an API client must show. */
    topics: async () =>
      json(200, { topics: (await TopicStore.list()).map(({ name, slug }) => ({ name, slug })), consentWording: consentWording() }),

    /** Shows a button; changes nothing (mail scanners open links). */
    confirmPage: async (event) => {
      const at = now();
      const token = queryParam(event, 'token');
      return confirmationPage(await openConfirmation(token, at), token ?? '', at);
    },

    confirm: async (event) => {
      const at = now();
      const { token } = formBody(event);
      return confirmationPage(await confirmSubscription(token, at), token ?? '', at);
    },
  },
  { errorPage },
);
