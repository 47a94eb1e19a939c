import { HttpError } from '../http/errors';
import { bearerToken, type HttpEvent } from '../http/request';
import { ApiKeys, type ApiKey, type Role } from './api-key-store';

/** The organizer API's gate: a valid, unrevoked key with one of the roles, or 401/403. */
export const requireApiKey = async (event: HttpEvent, roles: Role[] = ['admin', 'organizer']): Promise<ApiKey> => {
  const secret = bearerToken(event);
  const apiKey = secret ? await ApiKeys.authenticate(secret) : undefined;
  if (!apiKey) throw new HttpError(401, 'Send a valid API key as Authorization: Bearer <key>');
  if (!roles.includes(apiKey.role)) throw new HttpError(403, 'This API key may not do that');
  return apiKey;
};
