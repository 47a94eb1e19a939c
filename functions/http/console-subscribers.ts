import { now } from '../../shared/clock';
import { organizerActor } from '../../shared/kernel/actor';
import { attempt, refused } from '../../shared/kernel/refusal';
import { onForm } from '../../shared/http/refusal';
import { requireConsole, requireConsoleForm } from '../../shared/console/http';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { queryParam, type HttpEvent } from '../../shared/http/request';
import { csvDownload, seeOther } from '../../shared/http/response';
import { exportSubscribers } from '../../shared/mailing-list/csv';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../../shared/mailing-list/keys';
import { InvalidCursorError, SubscriberStore } from '../../shared/mailing-list/subscriber-store';
import { TopicStore } from '../../shared/mailing-list/topic-store';
import { createTopic } from '../../shared/mailing-list/topics';
import { subscribersPage, type SubscriberFilterValues } from '../../shared/web/console/subscribers';
import { topicsPage, topicsPath } from '../../shared/web/console/topics';
import { errorPage } from '../../shared/web/pages/error';

/**
 * Console: the subscribers (search, filters, pages, CSV export) and the topics (list, add). For
 * organizers and admins, except the CSV export (admins only); the add form passes the console's gate (Origin, session, CSRF token) before
 * anything else, and adding a topic and downloading the list are audited (ids only).
 */
const PAGE_SIZE = 50;

/** The selection in the query string; values that cannot be one are ignored. */
const filtersOf = (event: HttpEvent): SubscriberFilterValues => {
  const q = queryParam(event, 'q')?.trim().slice(0, 254);
  const topic = queryParam(event, 'topic')?.trim().slice(0, 100);
  const status = queryParam(event, 'status');
  return {
    ...(q ? { q } : {}),
    ...(topic ? { topic } : {}),
    ...(status && (SUBSCRIBER_STATUSES as readonly string[]).includes(status) ? { status: status as SubscriberStatus } : {}),
  };
};

const storeFilters = (filters: SubscriberFilterValues) => ({
  ...(filters.q ? { email: filters.q } : {}),
  ...(filters.topic ? { topic: filters.topic } : {}),
  ...(filters.status ? { status: filters.status } : {}),
});

const search = async (filters: SubscriberFilterValues, cursor: string | null) => {
  try {
    return await SubscriberStore.search(storeFilters(filters), cursor, PAGE_SIZE);
  } catch (error) {
    if (error instanceof InvalidCursorError) return refused('invalid', 'This page link is not valid. Start again from the first page.');
    throw error;
  }
};

export const handler = httpHandler(
  routes.consoleSubscribers,
  {
    subscribers: async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const filters = filtersOf(event);
      const cursor = queryParam(event, 'cursor') ?? null;
      const [page, topics] = await Promise.all([search(filters, cursor), TopicStore.list()]);
      return subscribersPage({ organizer, csrfToken: session.csrf, topics, filters, subscribers: page.subscribers, cursor: page.cursor, paged: cursor !== null });
    },

    /** A download of personal data: admins only, audited (ids only). */
    subscribersCsv: async (event) => {
      const at = now();
      const { organizer } = await requireConsole(event, at, ['admin']);
      const { fileName, body } = await exportSubscribers(organizerActor(organizer), storeFilters(filtersOf(event)), at);
      return csvDownload(fileName, body);
    },

    topics: async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const topics = await TopicStore.list();
      const createdSlug = queryParam(event, 'created');
      const created = createdSlug ? topics.find((topic) => topic.slug === createdSlug) : undefined;
      return topicsPage({ organizer, csrfToken: session.csrf, topics, ...(created ? { created } : {}) });
    },

    createTopic: async (event) => {
      const at = now();
      const { current, form } = await requireConsoleForm(event, at);
      const values = { name: form.name ?? '' };
      const created = await attempt(() => createTopic(organizerActor(current.organizer), values.name, at));
      if (created.ok) return seeOther(`${topicsPath}?created=${encodeURIComponent(created.value.slug)}`);
      const { errors, status } = onForm(created);
      return topicsPage({ organizer: current.organizer, csrfToken: current.session.csrf, topics: await TopicStore.list(), values, errors: errors ?? {}, status });
    },
  },
  { errorPage },
);
