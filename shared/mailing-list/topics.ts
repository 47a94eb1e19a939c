import { HttpError } from '../http/errors';
import type { Actor } from '../kernel/actor';
import { AuditLog } from '../kernel/audit-store';
import { TopicInput, topicSlug, type Topic } from './model';
import { TopicStore } from './topic-store';
import { fieldErrors } from '../kernel/fields';

/**
 * Topics organizers define ("funding", "events", "policy") and subscribers and campaigns choose by
 * name. Names are matched by their slug, so case and punctuation do not matter.
 */

/**
 * Creates a topic. Throws HttpError 400 (with `fields.name`) for a name that is not valid, 409 when
 * a topic with the same slug exists. Used by POST /api/organizer/topics and the console.
 */
export const createTopic = async (name: unknown, at: Date): Promise<Topic> => {
  const parsed = TopicInput.safeParse({ name });
  if (!parsed.success) throw new HttpError(400, 'The topic name needs attention', fieldErrors(parsed.error));
  const topic: Topic = { slug: topicSlug(parsed.data.name), name: parsed.data.name, createdAt: at.toISOString() };
  if (!(await TopicStore.create(topic))) {
    throw new HttpError(409, `A topic with this name already exists (${topic.slug}). Nothing was changed.`, {
      name: `A topic with this name already exists (${topic.slug})`,
    });
  }
  return topic;
};

/** createTopic by `actor`, audited (`topic-created`): the organizer API's. */
export const addTopic = async (actor: Actor, name: unknown, at: Date): Promise<Topic> => {
  const topic = await createTopic(name, at);
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

/** resolveTopics, or throws the 400 with the field error. */
export const mustResolveTopics = async (names: readonly string[]): Promise<string[]> => {
  const resolved = await resolveTopics(names);
  if (!resolved.ok) throw new HttpError(400, 'Some fields need attention', resolved.fields);
  return resolved.slugs;
};

/** A topic's name for display; a slug whose topic is gone shows as the slug. */
export const topicNames = (slugs: readonly string[], topics: readonly Topic[]): string[] => {
  const names = new Map(topics.map((topic) => [topic.slug, topic.name]));
  return slugs.map((slug) => names.get(slug) ?? slug);
};
