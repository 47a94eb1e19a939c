import { now } from '../clock';
import { HttpError } from '../http/errors';
import { bearerToken, type HttpEvent } from '../http/request';
import { ApiKeys, type ApiKey, type Scope } from './api-key-store';

/**
 * The organizer API's gate: a valid key (401 when unknown, revoked or expired) that has one of the
 * scopes the route needs (403 otherwise). `admin` is every scope.
 */
export const requireApiKey = async (event: HttpEvent, needs: readonly Scope[], at: Date = now()): Promise<ApiKey> => {
  const secret = bearerToken(event);
  const outcome = secret ? await ApiKeys.authenticate(secret, at) : undefined;
  if (!outcome?.ok) {
    if (outcome?.reason === 'expired') throw new HttpError(401, `This API key expired on ${outcome.expiresAt}. Ask an admin for a new one.`);
    throw new HttpError(401, 'Send a valid API key as Authorization: Bearer <key>');
  }
  const { apiKey } = outcome;
  if (!apiKey.scopes.includes('admin') && !needs.some((scope) => apiKey.scopes.includes(scope))) {
    const names = needs.length === 1 ? `the ${needs[0]} scope` : `one of the scopes ${needs.join(', ')}`;
    throw new HttpError(403, `This API key may not do that: it needs ${names} (it has ${apiKey.scopes.join(', ')}).`);
  }
  return apiKey;
};

