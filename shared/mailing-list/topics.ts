import type { Actor } from '../kernel/actor';
import { AuditLog } from '../kernel/audit-store';
import { TopicInput, topicSlug, type Topic } from './model';
import { TopicStore } from './topic-store';
import { fieldErrors } from '../kernel/fields';
import { refused } from '../kernel/refusal';

/**
 * Topics organizers define ("funding", "events", "policy") and subscribers and campaigns choose by
 * name. Names are matched by their slug, so case and punctuation do not matter.
 */

/**
 * Creates a topic by `actor`, audited (`topic-created`): the console's and the organizer API's one
 * path. Refuses (`Refused`) a name that is not valid (`invalid`, with `fields.name`) and one whose
 * slug an existing topic has (`conflict`, with `fields.name`); nothing is written then.
 */
export const createTopic = async (actor: Actor, name: unknown, at: Date): Promise<Topic> => {
  const parsed = TopicInput.safeParse({ name });
  if (!parsed.success) return refused('invalid', 'The topic name needs attention', { fields: fieldErrors(parsed.error) });
  const topic: Topic = { slug: topicSlug(parsed.data.name), name: parsed.data.name, createdAt: at.toISOString() };
  if (!(await TopicStore.create(topic))) {
    return refused('conflict', `A topic with this name already exists (${topic.slug}). Nothing was changed.`, {
      fields: { name: `A topic with this name already exists (${topic.slug})` },
    });
  }
  await AuditLog.record(actor.id, 'topic-created', topic.slug, at);
  return topic;
};

export type ResolvedTopics = { ok: true; slugs: string[] } | { ok: false; fields: Record<string, string> };

/** "Unknown topic: x", or "Unknown topics: x, y". */
export const unknownMessage = (names: readonly string[]) =>
  names.length === 1 ? `Unknown topic: ${names[0]}` : `Unknown topics: ${names.join(', ')}`;

/**
 * Topic names (or slugs) as the slugs of existing topics, each once, in the order given; or
 * `{ topics: "Unknown topic: x" }` naming every one that does not exist. Strongly consistent.
 */
export const resolveTopics = async (names: readonly string[]): Promise<ResolvedTopics> => {
  const wanted = names.map((name) => ({ name: name.trim(), slug: topicSlug(name) }));
  const existing = new Set((await TopicStore.getMany(wanted.map((topic) => topic.slug).filter(Boolean))).map((topic) => topic.slug));
  const unknown = wanted.filter((topic) => !existing.has(topic.slug)).map((topic) => topic.name);
  if (unknown.length > 0) return { ok: false, fields: { topics: unknownMessage([...new Set(unknown)]) } };
  return { ok: true, slugs: [...new Set(wanted.map((topic) => topic.slug))] };
};

/** resolveTopics, or the `invalid` refusal (thrown as `Refused`) with the field error. */
export const mustResolveTopics = async (names: readonly string[]): Promise<string[]> => {
  const resolved = await resolveTopics(names);
  if (!resolved.ok) return refused('invalid', 'Some fields need attention', { fields: resolved.fields });
  return resolved.slugs;
};

/** A topic's name for display; a slug whose topic is gone shows as the slug. */
export const topicNames = (slugs: readonly string[], topics: readonly Topic[]): string[] => {
  const names = new Map(topics.map((topic) => [topic.slug, topic.name]));
  return slugs.map((slug) => names.get(slug) ?? slug);
};
