import type { HttpResult } from '../../http/response';
import type { Topic } from '../../mailing-list/model';
import { TOPIC_NAME_MAX } from '../../mailing-list/model';
import { TextField } from '../../ui/forms/fields';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formatDate } from '../../kernel/zoned-time';
import { type ConsoleOrganizer, consoleFormPage } from './layout';
import { CsrfInput } from '../../ui/forms/csrf-input';

/**
 * The console's topics page: the topics subscribers and campaigns choose from, and a form to add
 * one. A topic's name is public (the subscribe page lists it); it cannot be renamed or removed here.
 */
export const topicsPath = '/console/topics';

export interface TopicsPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  topics: Topic[];
  values?: { name?: string };
  errors?: Record<string, string>;
  /** After creating one (the handler redirects here with its slug). */
  created?: Topic;
  status?: number;
}

const fields = [{ name: 'name', label: 'Name' }] as const;

export const TopicsView = ({ csrfToken, topics, values = {}, errors = {}, created }: Omit<TopicsPageProps, 'organizer' | 'status'>) => (
  <>
    <ErrorSummary errors={errors} fields={fields} />
    <h1>Topics</h1>
    {created ? (
      <p class="notice" role="status">
        The topic <strong>{created.name}</strong> is added. People can choose it on the subscribe page from now on.
      </p>
    ) : null}
    <p>
      Subscribers choose the topics they want to hear about, and a campaign can go to the subscribers of some topics only. Topic names are
      public: they are listed on the subscribe page. Keep them neutral.
    </p>
    <section aria-labelledby="create-heading">
      <h2 id="create-heading">Add a topic</h2>
      <form method="post" action={topicsPath}>
        <CsrfInput token={csrfToken} />
        <TextField
          name="name"
          label="Name"
          hint={`For example “Funding”, “Events” or “Policy”. At most ${TOPIC_NAME_MAX} characters.`}
          error={errors.name}
          autocomplete="off"
          required
          maxLength={TOPIC_NAME_MAX}
          value={values.name}
        />
        <button type="submit">Add topic</button>
      </form>
    </section>
    <section aria-labelledby="topics-heading">
      <h2 id="topics-heading">{`Topics (${topics.length})`}</h2>
      {topics.length === 0 ? (
        <p>There are no topics yet.</p>
      ) : (
        <ul class="workshop-list">
          {topics.map((topic) => (
            <li>
              <h3>{topic.name}</h3>
              <dl class="facts">
                <dt>Short name (in the API and the CSV)</dt>
                <dd>
                  <code>{topic.slug}</code>
                </dd>
                <dt>Added</dt>
                <dd>
                  <time dateTime={topic.createdAt}>{formatDate(topic.createdAt, 'UTC')}</time>
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </section>
  </>
);

export const topicsPage = ({ organizer, csrfToken, status, ...props }: TopicsPageProps): HttpResult =>
  consoleFormPage('Topics', { errors: props.errors, status, organizer, csrfToken, current: topicsPath }, <TopicsView csrfToken={csrfToken} {...props} />);
