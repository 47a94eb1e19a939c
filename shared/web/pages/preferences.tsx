import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import type { Topic } from '../../mailing-list/model';
import { renderPage } from '../../ui/page';
import { subscribePath, TopicChoices } from './subscribe';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formPage } from '../../ui/forms/form-page';

/**
 * A subscriber's preferences from the link in every mailing: their topics, and leaving the list.
 * The GET page changes nothing; each of its two forms POSTs with the link's token.
 */
export const preferencesPath = '/preferences';

export interface PreferencesPageProps {
  token: string;
  topics: Topic[];
  /** The ticked topic slugs. */
  chosen: string[];
  status: 'pending' | 'confirmed';
  /** After saving. */
  saved?: boolean;
  errors?: Record<string, string>;
}

const fields = [{ name: 'topics', label: 'Topics' }] as const;

export const PreferencesView = ({ token, topics, chosen, status, saved, errors = {} }: PreferencesPageProps) => (
  <>
    <ErrorSummary errors={errors} fields={fields} />
    <h1>Your mailing list preferences</h1>
    {saved ? (
      <p class="notice" role="status">
        Your choices are saved.
      </p>
    ) : null}
    {status === 'pending' ? (
      <p class="notice">This address is not confirmed yet: use the link in the email we sent to confirm it. Until then we send no mailings.</p>
    ) : null}
    <section aria-labelledby="topics-heading">
      <h2 id="topics-heading">Topics</h2>
      {topics.length === 0 ? (
        <p>There are no topics to choose from yet. You get the mailings for everyone on the list.</p>
      ) : (
        <form method="post" action={preferencesPath}>
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="action" value="save" />
          <TopicChoices
            topics={topics}
            chosen={chosen}
            error={errors.topics}
            legend="What would you like to hear about?"
            hint="Mailings for everyone on the list reach you whatever you choose. Untick everything to get only those."
          />
          <button type="submit">Save my choices</button>
        </form>
      )}
    </section>
    <section aria-labelledby="leave-heading">
      <h2 id="leave-heading">Leave the list</h2>
      <p>If you leave, {config.orgName} sends you no more mailings.</p>
      <form method="post" action={preferencesPath}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="action" value="leave" />
        <button type="submit" class="button-secondary">
          Leave the list
        </button>
      </form>
    </section>
  </>
);

export const preferencesPage = (props: PreferencesPageProps): HttpResult => {
  return renderPage({
    ...formPage('Your mailing list preferences', { errors: props.errors }),
    children: <PreferencesView {...props} />,
  });
};

/** The link of someone who left the list: nothing to choose. */
export const PreferencesLeft = () => (
  <>
    <h1>You are not on the list</h1>
    <p>This address left the mailing list, so there is nothing to change and we send it no mailings.</p>
    <p>
      Changed your mind? You can <a href={subscribePath}>join the list again</a>.
    </p>
  </>
);

export const preferencesLeftPage = (): HttpResult => renderPage({ title: 'You are not on the list', children: <PreferencesLeft /> });
