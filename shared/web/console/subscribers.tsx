import type { HttpResult } from '../../http/response';
import type { ConsentSource, Subscriber, SubscriberStatus, Topic } from '../../mailing-list/model';
import { topicNames } from '../../mailing-list/topics';
import { Field, hintId } from '../../ui/forms/fields';
import { Fact, Time } from '../../ui/facts';
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
    <FilterSelect name="topic" label="Topic" any="Any topic" options={topics.map((topic) => ({ value: topic.slug, label: topic.name }))} selected={filters.topic} />
    <FilterSelect
      name="status"
      label="Status"
      any="Any status"
      options={(Object.keys(statusLabels) as SubscriberStatus[]).map((status) => ({ value: status, label: statusLabels[status] }))}
      selected={filters.status}
    />
    <p>
      <button type="submit">Show subscribers</button>
    </p>
  </form>
);

/** A filter that picks one of a few values, or none ("Any …", the empty value). */
const FilterSelect = (props: { name: string; label: string; any: string; options: { value: string; label: string }[]; selected: string | undefined }) => (
  <Field>
    <label for={props.name}>{props.label}</label>
    <select id={props.name} name={props.name}>
      <option value="" selected={!props.selected}>
        {props.any}
      </option>
      {props.options.map((option) => (
        <option value={option.value} selected={props.selected === option.value}>
          {option.label}
        </option>
      ))}
    </select>
  </Field>
);

const SubscriberItem = ({ subscriber, topics }: { subscriber: Subscriber; topics: Topic[] }) => (
  <li>
    <h3>{subscriber.erasedAt ? 'Address erased' : subscriber.email}</h3>
    <dl class="facts">
      <Fact term="Name">{subscriber.displayName}</Fact>
      <Fact term="Status">
        <span class="status">{statusLabels[subscriber.status]}</span>
      </Fact>
      <Fact term="Topics">{subscriber.topics.length > 0 ? topicNames(subscriber.topics, topics).join(', ') : 'None (mailings for everyone only)'}</Fact>
      <Fact term="Consent">
        {subscriber.consent && (
          <>
            <Time at={subscriber.consent.at} zone="UTC" />, through the {consentSourceLabels[subscriber.consent.source]}
          </>
        )}
      </Fact>
      <Fact term="Erased">{subscriber.erasedAt && <Time at={subscriber.erasedAt} zone="UTC" />}</Fact>
      <Fact term="Confirmed">{subscriber.confirmedAt && <Time at={subscriber.confirmedAt} zone="UTC" />}</Fact>
      <Fact term="Left">{subscriber.unsubscribedAt && <Time at={subscriber.unsubscribedAt} zone="UTC" />}</Fact>
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
