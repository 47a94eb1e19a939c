import { config } from '../../config';
import type { HttpResult } from '../../http/response';
import { TextField } from '../fields';
import { ErrorSummary } from '../pages/workshop';
import { formatDate, formatDateTime } from '../time';
import { consolePage, type ConsoleOrganizer, type OrganizerRole } from './layout';
import { Csrf, RoleRadios, roleLabel } from './organizers';

/**
 * The admins' API keys page: the keys (never the keys themselves: only a hash is stored), a form to
 * make one and a revoke button per active key. A new key is shown once, on the page that answers
 * the form, and nowhere else ever after.
 */

export interface ApiKeyRow {
  id: string;
  name: string;
  role: OrganizerRole;
  createdAt: string;
  revokedAt?: string;
}

export interface ApiKeysPageProps {
  organizer: ConsoleOrganizer;
  csrfToken: string;
  apiKeys: ApiKeyRow[];
  values?: { name?: string; role?: string };
  errors?: Record<string, string>;
  /** After a revoke (the handler redirects here with the key's id). */
  revoked?: ApiKeyRow;
  /** Defaults to 400 when there are errors, else 200. */
  status?: number;
}

export const apiKeysPath = '/console/api-keys';
export const apiKeyRevokePath = (id: string) => `${apiKeysPath}/${encodeURIComponent(id)}/revoke`;

export const createApiKeyFields = [
  { name: 'name', label: 'Name' },
  { name: 'role', label: 'Role' },
] as const;

const CreateForm = ({ csrfToken, values, errors }: { csrfToken: string; values: { name?: string; role?: string }; errors: Record<string, string> }) => (
  <form method="post" action={apiKeysPath}>
    <Csrf token={csrfToken} />
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
    <RoleRadios name="role" legend="Role of the key" value={values.role ?? 'organizer'} error={errors.role} />
    <button type="submit">Create API key</button>
  </form>
);

const KeyItem = ({ apiKey, csrfToken }: { apiKey: ApiKeyRow; csrfToken: string }) => (
  <li>
    <h3>{apiKey.name}</h3>
    <dl class="facts">
      <dt>Role</dt>
      <dd>{roleLabel(apiKey.role)}</dd>
      <dt>Created</dt>
      <dd>
        <time dateTime={apiKey.createdAt}>{formatDate(apiKey.createdAt, 'UTC')}</time>
      </dd>
      <dt>Status</dt>
      <dd>
        {apiKey.revokedAt ? (
          <>
            <span class="status">Revoked</span> on <time dateTime={apiKey.revokedAt}>{formatDate(apiKey.revokedAt, 'UTC')}</time>
          </>
        ) : (
          <span class="status">Active</span>
        )}
      </dd>
    </dl>
    {apiKey.revokedAt ? null : (
      <form method="post" action={apiKeyRevokePath(apiKey.id)}>
        <Csrf token={csrfToken} />
        <button type="submit" class="button-secondary" aria-label={`Revoke: ${apiKey.name}`}>
          Revoke
        </button>
      </form>
    )}
  </li>
);

export const ApiKeysView = ({ csrfToken, apiKeys, values = {}, errors = {}, revoked }: Omit<ApiKeysPageProps, 'status' | 'organizer'>) => (
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
            <KeyItem apiKey={apiKey} csrfToken={csrfToken} />
          ))}
        </ul>
      )}
    </section>
  </>
);

export const apiKeysPage = (props: ApiKeysPageProps): HttpResult => {
  const hasErrors = Object.keys(props.errors ?? {}).length > 0;
  return consolePage({
    title: hasErrors ? 'Error: API keys' : 'API keys',
    status: props.status ?? (hasErrors ? 400 : 200),
    organizer: props.organizer,
    csrfToken: props.csrfToken,
    current: apiKeysPath,
    children: <ApiKeysView {...props} />,
  });
};

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
      <dt>Name</dt>
      <dd>{apiKey.name}</dd>
      <dt>Role</dt>
      <dd>{roleLabel(apiKey.role)}</dd>
      <dt>Created</dt>
      <dd>
        <time dateTime={apiKey.createdAt}>{formatDateTime(apiKey.createdAt, 'UTC')}</time>
      </dd>
      <dt>The key</dt>
      <dd>
        <code id="new-api-key">{secret}</code>
      </dd>
    </dl>
    <p>
      Send it with every request as the header <code>Authorization: Bearer</code> followed by the key. Keep it like a password: anyone with it
      can act as {apiKey.role === 'admin' ? 'an admin' : 'an organizer'} through the API.
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
