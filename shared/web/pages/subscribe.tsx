import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { consentWording, type Topic } from '../../mailing-list/model';
import { ContactFields } from '../../ui/forms/fields';
import { Checkbox, CheckboxGroup } from '../../ui/forms/checkboxes';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { renderPage } from '../../ui/page';
import { linkProblemPage, type LinkProblemReason } from './link-problem';
import { formPage } from '../../ui/forms/form-page';

/**
 * The mailing list's public pages: the subscribe form, what happens after it, and the double opt-in
 * confirmation. They work without JavaScript (the server validates and shows the form again with an
 * error summary and each error next to its field), never show the address (the page may be seen on
 * a shared screen), and a GET never changes anything (mail scanners open links).
 */

export const subscribePath = '/subscribe';
export const confirmPath = '/subscribe/confirm';

export const subscribeFields = [
  { name: 'email', label: 'Email address' },
  { name: 'displayName', label: 'Name' },
  { name: 'topics', label: 'Topics' },
  { name: 'consent', label: 'Agreement' },
] as const;

export interface SubscribePageProps {
  topics: Topic[];
  /** As typed; `topics` are the ticked slugs. */
  values?: { email?: string; displayName?: string; topics?: string[]; consent?: boolean };
  errors?: Record<string, string>;
  formError?: string;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
}

/** The topic checkboxes (field `topics`, one value per ticked slug), for joining and for the preferences. */
export const TopicChoices = ({ topics, chosen, error, legend, hint }: { topics: Topic[]; chosen: string[]; error?: string; legend: string; hint: string }) => (
  <CheckboxGroup
    name="topics"
    legend={legend}
    hint={hint}
    error={error}
    choices={topics.map((topic) => ({ name: 'topics', value: topic.slug, label: topic.name, checked: chosen.includes(topic.slug) }))}
  />
);

/** The consent checkbox; its label is the wording stored with the subscription, word for word. */
export const ConsentField = ({ checked, error }: { checked: boolean; error?: string }) => (
  <Checkbox name="consent" label={`${consentWording()} (required)`} required checked={checked} error={error} />
);

export const SubscribeView = ({ topics, values = {}, errors = {}, formError }: Omit<SubscribePageProps, 'status'>) => (
  <>
    <ErrorSummary errors={errors} formError={formError} fields={subscribeFields} />
    <h1>Join our mailing list</h1>
    <p>
      {config.orgName} sends occasional mailings about its advocacy and what you can do to help. Every mailing has a link to leave the list
      with one click.
    </p>
    <form method="post" action={subscribePath}>
      <h2>What we ask and why</h2>
      <ul>
        <li>Your email address: only to send you our mailings. Nobody else sees it.</li>
        <li>A name, if you like: so a mailing can greet you by it.</li>
      </ul>
      <ContactFields
        values={values}
        errors={errors}
        emailHint="We send you an email with a link to confirm; nothing else until you do."
        nameLabel="Name (optional)"
        nameHint="A first name or a nickname is fine, and you can leave it empty."
      />
      {topics.length > 0 ? (
        <TopicChoices
          topics={topics}
          chosen={values.topics ?? []}
          error={errors.topics}
          legend="Topics (optional)"
          hint="Choose what you would like to hear about. Mailings for everyone on the list reach you whatever you choose. You can change this later with the link in every mailing."
        />
      ) : null}
      <ConsentField checked={values.consent === true} error={errors.consent} />
      <button type="submit">Join the list</button>
    </form>
  </>
);

export const subscribePage = (props: SubscribePageProps): HttpResult => {
  return renderPage({
    ...formPage('Join our mailing list', props),
    children: <SubscribeView {...props} />,
  });
};

/** The same page for every address: new, waiting for confirmation, or on the list already. */
export const SubscribeAccepted = () => (
  <>
    <h1>Check your email</h1>
    <p>
      If this address still needs to confirm, we have sent it an email with a link. Open the link and press the button on the page it opens
      to join the list. Until then we send nothing else.
    </p>
    <p>The link works for 7 days. If you cannot find the email, please look in your spam or junk folder, or try again in 10 minutes.</p>
    <p>If you are on the list already, nothing has changed and there is nothing more to do.</p>
    <p>
      <a href="/">See upcoming workshops</a>
    </p>
  </>
);

export const subscribeAcceptedPage = (): HttpResult => renderPage({ title: 'Check your email', children: <SubscribeAccepted /> });

export const ConfirmView = ({ token }: { token: string }) => (
  <>
    <h1>Confirm your email address</h1>
    <p>Press the button to join the {config.orgName} mailing list. Nothing has changed yet; if you do not want to join, you can close this page.</p>
    <form method="post" action={confirmPath}>
      <input type="hidden" name="token" value={token} />
      <button type="submit">Confirm</button>
    </form>
  </>
);

export const confirmPage = (token: string): HttpResult => renderPage({ title: 'Confirm your email address', children: <ConfirmView token={token} /> });

export const ConfirmedView = ({ already, preferencesUrl }: { already: boolean; preferencesUrl: string }) => (
  <>
    <h1>{already ? 'You are on the list already' : 'You are on the list'}</h1>
    <p>
      {already
        ? 'This address was confirmed before. Nothing has changed.'
        : `Thank you. ${config.orgName} will send its mailings to this address from now on.`}
    </p>
    <p>
      Every mailing has a link to change your topics and a link to leave the list. You can also <a href={preferencesUrl}>choose your topics now</a>.
    </p>
  </>
);

export const confirmedPage = (props: { already: boolean; preferencesUrl: string }): HttpResult =>
  renderPage({ title: props.already ? 'You are on the list already' : 'You are on the list', children: <ConfirmedView {...props} /> });

/** A confirmation link for a request that is no longer waiting (the person left the list, or asked again since). */
export const ConfirmStale = () => (
  <>
    <h1>This link is no longer valid</h1>
    <p>This confirmation link belongs to an earlier request. Nothing has been changed.</p>
    <p>
      To join the list, <a href={subscribePath}>sign up again</a> and use the link in the newest email we send you.
    </p>
  </>
);

export const confirmStalePage = (): HttpResult => renderPage({ title: 'This link is no longer valid', status: 409, children: <ConfirmStale /> });

export type ListLink = 'confirm' | 'unsubscribe' | 'preferences';

const nextStep: Record<ListLink, string> = {
  confirm: 'Sign up again on the subscribe page; we send you a new link.',
  unsubscribe: 'Use the unsubscribe link in the most recent mailing we sent you. Open it directly from the email if you can.',
  preferences: 'Use the preferences link in the most recent mailing we sent you. Open it directly from the email if you can.',
};

/** A list link (confirm, unsubscribe, preferences) that cannot be used (400), or is too old (410). */
export const listLinkProblemPage = (reason: LinkProblemReason, link: ListLink): HttpResult =>
  linkProblemPage({
    reason,
    nextStep: nextStep[link],
    fallback: `If that does not work, contact ${config.orgName} and we will help you.`,
    ...(link === 'confirm' ? { onward: <a href={subscribePath}>Go to the subscribe page</a> } : {}),
  });
