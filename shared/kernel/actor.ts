/**
 * Who asks for a change. Every domain operation that an organizer or an API key can call takes an
 * actor, checks what that actor may do, and records its own audit entry under `actor.id`
 * (./audit-store.ts), so the console and the JSON API share one path.
 * - `id`: the organizer's id, or `api-key:<id>` for an API key (never the key itself);
 * - `admin`: an admin organizer, or a key with the admin scope;
 * - `via`: where the request came from, for the few rules that differ (none decide access).
 */
export interface Actor {
  id: string;
  admin: boolean;
  via: 'console' | 'api';
}

/** The actor of a signed-in organizer. */
export const organizerActor = (organizer: { id: string; role: 'admin' | 'organizer' }): Actor => ({ id: organizer.id, admin: organizer.role === 'admin', via: 'console' });

/** The actor id of an API key, `api-key:<id>`: its id, never the key. */
export const apiKeyActorId = (apiKey: { id: string }): string => `api-key:${apiKey.id}`;

/** The actor of an API key. */
export const apiKeyActor = (apiKey: { id: string; scopes: readonly string[] }): Actor => ({ id: apiKeyActorId(apiKey), admin: apiKey.scopes.includes('admin'), via: 'api' });
