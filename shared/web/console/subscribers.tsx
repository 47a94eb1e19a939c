import type { HttpResult } from '../../http/response';
import type { ConsentSource, Subscriber, SubscriberStatus, Topic } from '../../mailing-list/model';
import { topicNames } from '../../mailing-list/topics';
import { Field, hintId } from '../../ui/forms/fields';
import { formatDateTime } from '../../kernel/zoned-time';
import { consolePage, type ConsoleOrganizer } from './layout';

/**
 * The console's subscribers page: search by part of the address, filter by topic and status, a
 * page at a time (newest first), and the CSV export of the same selection. A GET form: the filters
 * are in the URL, so a filtered list can be bookmarked and shared with other organizers. Times are
 * in UTC.
 */
export const subscribersPath = '/console/subscribers';
export const subscribersCsvPath = '/console/subscribers.csv';

export interface SubscriberFilterValues {
  q?: string;
  topic?: string;
  status?: SubscriberStatus;
}

export interface SubscribersPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  topics: Topic[];
  filters: SubscriberFilterValues;
  subscribers: Subscriber[];
  /** The next page's cursor, if there is more. */
  cursor: string | null;
  /** True when this is not the first page. */
  paged: boolean;
}

export const statusLabels: Record<SubscriberStatus, string> = {
  confirmed: 'Confirmed',
  pending: 'Waiting for confirmation',
  unsubscribed: 'Left the list',
};

export const consentSourceLabels: Record<ConsentSource, string> = {
  form: 'subscribe page',
  api: 'API',
  import: 'import',
};

/** The query string of a selection (and a page of it), empty values left out. */
export const filterQuery = (filters: SubscriberFilterValues, cursor?: string | null): string => {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.topic) params.set('topic', filters.topic);
  if (filters.status) params.set('status', filters.status);
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `?${query}` : '';
};

const Filters = ({ topics, filters }: { topics: Topic[]; filters: SubscriberFilterValues }) => (
  <form method="get" action={subscribersPath} role="search" aria-label="Subscribers">
    <Field>
      <label for="q">Address contains</label>
      <p class="hint" id={hintId('q')}>
        Part of an email address, for example a name or a domain.
      </p>
      <input type="text" id="q" name="q" value={filters.q ?? ''} maxLength={254} autocomplete="off" spellcheck={false} aria-describedby={hintId('q')} />
    </Field>
    <Field>
      <label for="topic">Topic</label>
      <select id="topic" name="topic">
        <option value="" selected={!filters.topic}>
          Any topic
        </option>
        {topics.map((topic) => (
          <option value={topic.slug} selected={filters.topic === topic.slug}>
            {topic.name}
          </option>
        ))}
      </select>
    </Field>
    <Field>
      <label for="status">Status</label>
      <select id="status" name="status">
        <option value="" selected={!filters.status}>
          Any status
        </option>
        {(Object.keys(statusLabels) as SubscriberStatus[]).map((status) => (
          <option value={status} selected={filters.status === status}>
            {statusLabels[status]}
          </option>
        ))}
      </select>
    </Field>
    <p>
      <button type="submit">Show subscribers</button>
    </p>
  </form>
);

const SubscriberItem = ({ subscriber, topics }: { subscriber: Subscriber; topics: Topic[] }) => (
  <li>
    <h3>{subscriber.email}</h3>
    <dl class="facts">
      {subscriber.displayName ? (
        <>
          <dt>Name</dt>
          <dd>{subscriber.displayName}</dd>
        </>
      ) : null}
      <dt>Status</dt>
      <dd>
        <span class="status">{statusLabels[subscriber.status]}</span>
      </dd>
      <dt>Topics</dt>
      <dd>{subscriber.topics.length > 0 ? topicNames(subscriber.topics, topics).join(', ') : 'None (mailings for everyone only)'}</dd>
      <dt>Consent</dt>
      <dd>
        <time dateTime={subscriber.consent.at}>{formatDateTime(subscriber.consent.at, 'UTC')}</time>, through the {consentSourceLabels[subscriber.consent.source]}
      </dd>
      {subscriber.confirmedAt ? (
        <>
          <dt>Confirmed</dt>
          <dd>
            <time dateTime={subscriber.confirmedAt}>{formatDateTime(subscriber.confirmedAt, 'UTC')}</time>
          </dd>
        </>
      ) : null}
      {subscriber.unsubscribedAt ? (
        <>
          <dt>Left</dt>
          <dd>
            <time dateTime={subscriber.unsubscribedAt}>{formatDateTime(subscriber.unsubscribedAt, 'UTC')}</time>
          </dd>
        </>
      ) : null}
    </dl>
  </li>
);

export const SubscribersView = ({ topics, filters, subscribers, cursor, paged, mayExport = false }: Omit<SubscribersPageProps, 'organizer' | 'csrfToken'> & { mayExport?: boolean }) => {
  const filtered = Boolean(filters.q || filters.topic || filters.status);
  return (
    <>
      <h1>Subscribers</h1>
      <p>
        People who asked to get the organisation’s mailings. Only confirmed subscribers get campaigns; nobody who left the list gets
        anything more.
      </p>
      <Filters topics={topics} filters={filters} />
      {mayExport ? (
        <p>
          <a class="action-link" href={`${subscribersCsvPath}${filterQuery(filters)}`}>
            {filtered ? 'Download these subscribers (CSV)' : 'Download all subscribers (CSV)'}
          </a>
        </p>
      ) : (
        <p class="hint">Only admins may download the list.</p>
      )}
      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{filtered ? 'Matching subscribers' : 'All subscribers'}</h2>
        {subscribers.length === 0 ? (
          <p>{cursor ? 'None on this page.' : paged ? 'No more subscribers.' : filtered ? 'No subscriber matches.' : 'Nobody has subscribed yet.'}</p>
        ) : (
          <ul class="workshop-list">
            {subscribers.map((subscriber) => (
              <SubscriberItem subscriber={subscriber} topics={topics} />
            ))}
          </ul>
        )}
        {cursor || paged ? (
          <nav aria-label="Pages of subscribers">
            <ul class="places">
              {paged ? (
                <li>
                  <a class="action-link" href={`${subscribersPath}${filterQuery(filters)}`}>
                    First page
                  </a>
                </li>
              ) : null}
              {cursor ? (
                <li>
                  <a class="action-link" href={`${subscribersPath}${filterQuery(filters, cursor)}`}>
                    Next page
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </>
  );
};

export const subscribersPage = ({ organizer, csrfToken, ...props }: SubscribersPageProps): HttpResult =>
  consolePage({ title: 'Subscribers', organizer, csrfToken, current: subscribersPath, children: <SubscribersView {...props} mayExport={organizer.role === 'admin'} /> });
