import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { TextField, WholeNumberField } from '../../ui/forms/fields';
import { CheckboxGroup } from '../../ui/forms/checkboxes';
import { ErrorSummary } from '../../ui/forms/error-summary';
import { formatDateTime } from '../../kernel/zoned-time';
import { Fact, Time } from '../../ui/facts';
import { consolePage, type ConsoleOrganizer, type OrganizerRole, consoleFormPage } from './layout';
import { CsrfInput } from '../../ui/forms/csrf-input';

/**
 * The admins' API keys page: the keys (never the keys themselves: only a hash is stored) with their
 * scopes, expiry and last use, a form to make one and a revoke button per active key. A new key is
 * shown once, on the page that answers the form, and nowhere else ever after.
 */

export type ApiKeyScope = 'read' | 'workshops' | 'campaigns' | 'admin';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: OrganizerRole;
  scopes: ApiKeyScope[];
  createdAt: string;
  /** Absent on keys made before keys expired. */
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface ApiKeyFormValues {
  name?: string;
  /** The scopes ticked. */
  scopes?: string[];
  expiresDays?: string;
}

export interface ApiKeysPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  apiKeys: ApiKeyRow[];
  /** Now, to tell expired keys from active ones. */
  at: Date;
  values?: ApiKeyFormValues;
  errors?: Record<string, string>;
  /** After a revoke (the handler redirects here with the key's id). */
  revoked?: ApiKeyRow;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
}

export const apiKeysPath = '/console/api-keys';
export const apiKeyRevokePath = (id: string) => `${apiKeysPath}/${encodeURIComponent(id)}/revoke`;

/** Each scope, what it allows, in the order the form shows them. A checkbox is named `scope-<scope>`. */
export const scopeChoices: ReadonlyArray<{ value: ApiKeyScope; label: string; hint: string }> = [
  { value: 'read', label: 'Read', hint: 'list workshops and campaigns with their counts; no personal data' },
  { value: 'workshops', label: 'Workshops', hint: 'create and change workshops, and see the registrations of the workshops it organizes' },
  { value: 'campaigns', label: 'Campaigns', hint: 'topics, campaigns and their recipients; sending to at most 500 people' },
  { value: 'admin', label: 'Admin', hint: 'everything, on every workshop, and campaigns to more than 500 people' },
];

export const scopesLabel = (scopes: readonly string[]) =>
  scopes.map((scope) => scopeChoices.find((choice) => choice.value === scope)?.label ?? scope).join(', ');

export const DEFAULT_EXPIRY_DAYS_SHOWN = '90';

export const createApiKeyFields = [
  { name: 'name', label: 'Name' },
  { name: 'scopes', label: 'Scopes' },
  { name: 'expiresDays', label: 'Expires after (days)' },
] as const;

const ScopeBoxes = ({ values, error }: { values: readonly string[]; error?: string }) => (
  <CheckboxGroup
    name="scopes"
    legend="What the key may do"
    error={error}
    choices={scopeChoices.map((choice, index) => ({
      name: `scope-${choice.value}`,
      id: index === 0 ? 'scopes' : `scope-${choice.value}`,
      label: (
        <>
          <strong>{choice.label}</strong>: {choice.hint}
        </>
      ),
      checked: values.includes(choice.value),
    }))}
  />
);

const CreateForm = ({ csrfToken, values, errors }: { csrfToken: string; values: ApiKeyFormValues; errors: Record<string, string> }) => (
  <form method="post" action={apiKeysPath}>
    <CsrfInput token={csrfToken} />
    <TextField
      name="name"
      label="Name"
      hint="What the key is for, so you know which one to revoke later, for example “Website sync”."
      error={errors.name}
      autocomplete="off"
      required
      maxLength={80}
      value={values.name}
    />
    <ScopeBoxes values={values.scopes ?? ['read']} error={errors.scopes} />
    <WholeNumberField
      name="expiresDays"
      label="Expires after (days)"
      hint="From 1 to 3650 days. After that the key is refused; make a new one."
      min={1}
      max={3650}
      required
      error={errors.expiresDays}
      value={values.expiresDays ?? DEFAULT_EXPIRY_DAYS_SHOWN}
    />
    <button type="submit">Create API key</button>
  </form>
);

const Expiry = ({ apiKey }: { apiKey: ApiKeyRow }) =>
  apiKey.expiresAt ? <Time at={apiKey.expiresAt} zone="UTC" dateOnly /> : <>Never (made before keys expired: replace it)</>;

/** What the list and the page of a new key both say about it; the new key's creation shows its time too. */
const KeyFacts = ({ apiKey, createdAtTime = false }: { apiKey: ApiKeyRow; createdAtTime?: boolean }) => (
  <>
    <Fact term="Scopes">{scopesLabel(apiKey.scopes)}</Fact>
    <Fact term="Created">
      <Time at={apiKey.createdAt} zone="UTC" dateOnly={!createdAtTime} />
    </Fact>
    <Fact term="Expires">
      <Expiry apiKey={apiKey} />
    </Fact>
  </>
);

const KeyStatus = ({ apiKey, at }: { apiKey: ApiKeyRow; at: Date }) => {
  if (apiKey.revokedAt) {
    return (
      <>
        <span class="status">Revoked</span> on <Time at={apiKey.revokedAt} zone="UTC" dateOnly />
      </>
    );
  }
  if (apiKey.expiresAt && Date.parse(apiKey.expiresAt) <= at.getTime()) return <span class="status">Expired</span>;
  return <span class="status">Active</span>;
};

const KeyItem = ({ apiKey, csrfToken, at }: { apiKey: ApiKeyRow; csrfToken: string; at: Date }) => (
  <li>
    <h3>{apiKey.name}</h3>
    <dl class="facts">
      <KeyFacts apiKey={apiKey} />
      <Fact term="Last used">{apiKey.lastUsedAt ? <time dateTime={apiKey.lastUsedAt}>{formatDateTime(apiKey.lastUsedAt, 'UTC')} (UTC)</time> : 'Never'}</Fact>
      <Fact term="Status">
        <KeyStatus apiKey={apiKey} at={at} />
      </Fact>
    </dl>
    {apiKey.revokedAt ? null : (
      <form method="post" action={apiKeyRevokePath(apiKey.id)}>
        <CsrfInput token={csrfToken} />
        <button type="submit" class="button-secondary" aria-label={`Revoke: ${apiKey.name}`}>
          Revoke
        </button>
      </form>
    )}
  </li>
);

export const ApiKeysView = ({ csrfToken, apiKeys, at, values = {}, errors = {}, revoked }: Omit<ApiKeysPageProps, 'status' | 'organizer'>) => (
  <>
    <ErrorSummary errors={errors} fields={createApiKeyFields} />
    <h1>API keys</h1>
    {revoked ? (
      <p class="notice" role="status">
        The key <strong>{revoked.name}</strong> is revoked. Anything still using it is refused from now on.
      </p>
    ) : null}
    <p>
      Scripts and other systems use an API key to reach the organizer API ({config.baseUrl}/api/organizer/…). A key is shown once, when it is
      created; we keep only a fingerprint of it.
    </p>

    <section aria-labelledby="create-heading">
      <h2 id="create-heading">Create an API key</h2>
      <CreateForm csrfToken={csrfToken} values={values} errors={errors} />
    </section>

    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">Keys</h2>
      {apiKeys.length === 0 ? (
        <p>There are no API keys yet.</p>
      ) : (
        <ul class="workshop-list">
          {apiKeys.map((apiKey) => (
            <KeyItem apiKey={apiKey} csrfToken={csrfToken} at={at} />
          ))}
        </ul>
      )}
    </section>
  </>
);

export const apiKeysPage = (props: ApiKeysPageProps): HttpResult => consoleFormPage('API keys', { ...props, current: apiKeysPath }, <ApiKeysView {...props} />);

export interface ApiKeyCreatedProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  apiKey: ApiKeyRow;
  /** The key itself. This page is the only place it is ever shown. */
  secret: string;
}

export const ApiKeyCreatedView = ({ apiKey, secret }: Pick<ApiKeyCreatedProps, 'apiKey' | 'secret'>) => (
  <>
    <h1>Your new API key</h1>
    <div class="notice" role="status">
      <p>
        <strong>Copy it now: it will not be shown again.</strong> We keep only a fingerprint of it, so nobody can show it to you later, not even an
        admin. If it is lost, revoke it and create a new one.
      </p>
    </div>
    <dl class="facts">
      <Fact term="Name">{apiKey.name}</Fact>
      <KeyFacts apiKey={apiKey} createdAtTime />
      <Fact term="The key">
        <code id="new-api-key">{secret}</code>
      </Fact>
    </dl>
    <p>
      Send it with every request as the header <code>Authorization: Bearer</code> followed by the key. Keep it like a password: anyone with it
      can do through the API what its scopes allow ({scopesLabel(apiKey.scopes)}).
    </p>
    <p>
      <a href={apiKeysPath}>I have copied it: back to API keys</a>
    </p>
  </>
);

export const apiKeyCreatedPage = ({ organizer, csrfToken, apiKey, secret }: ApiKeyCreatedProps): HttpResult =>
  consolePage({
    title: 'Your new API key',
    status: 201,
    organizer,
    csrfToken,
    current: apiKeysPath,
    children: <ApiKeyCreatedView apiKey={apiKey} secret={secret} />,
  });
