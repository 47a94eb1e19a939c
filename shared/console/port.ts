import { ApiKeys } from './api-key-store';
import { Organizers as OrganizerStore } from './organizer-store';
import { apiKeyActorId } from '../kernel/actor';

/**
 * The console port: what capabilities may use of the console's people, by name. A workshop's
 * organizers are chosen by address among the console's organizers and shown by who they are.
 */
export const Organizers = {
  /** The organizer with this address (normalized), or undefined. */
  findByEmail: (email: string) => OrganizerStore.findByEmail(email),

  /**
   * Who each actor id is, in words: an organizer's address, an API key's name, or that they were
   * removed. Ids are organizer ids or `api-key:<id>` (../kernel/actor.ts).
   */
  async labels(ids: readonly string[]): Promise<{ id: string; label: string }[]> {
    if (ids.length === 0) return [];
    const [organizers, apiKeys] = await Promise.all([OrganizerStore.list(), ids.some((id) => id.startsWith('api-key:')) ? ApiKeys.list() : []]);
    return ids.map((id) => {
      const organizer = organizers.find((one) => one.id === id);
      if (organizer) return { id, label: organizer.email };
      const apiKey = apiKeys.find((one) => apiKeyActorId(one) === id);
      return { id, label: apiKey ? `API key “${apiKey.name}”` : 'A removed organizer or API key' };
    });
  },
};
