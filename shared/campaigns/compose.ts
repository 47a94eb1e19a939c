import type { Actor } from '../kernel/actor';
import { attempt, done, refuse, Refused, type Outcome } from '../kernel/refusal';
import { resolveTopics, Subscribers, Topics, topicNames } from '../mailing-list/port';
import { createCampaign, getCampaign, MAX_SCHEDULE_DAYS, previewMail, updateCampaign } from './campaigns';
import { fieldErrors } from '../kernel/fields';
import { NewCampaignInput } from './input';
import type { Campaign, NewCampaign } from './model';
import type { CampaignMail } from './render';

/**
 * The console's campaign forms, read and checked by the campaign's rules: writing (a new draft, or
 * a draft's changes, each saved or only previewed) and when to send. The refusals name the form's
 * own fields, all of them at once, so the page can show each message next to its field.
 */

/** What the writing form holds, as typed (the view reads the form into this shape). */
export interface Composition {
  subject?: string;
  bodyMarkdown?: string;
  /** Topic slugs (or names). */
  topics?: string[];
}

/** A composition that passed: the campaign's input (topics as slugs) and its topics by name. */
export interface Composed {
  input: NewCampaign & { topics: string[] };
  names: string[];
}

const needsAttention = (fields: Record<string, string>) => refuse('invalid', 'Some fields need attention', { fields });

/**
 * The typed values as a campaign's input: 1. its shape (NewCampaignInput), every field's message,
 * one for all the topics; 2. the topics resolve (names or slugs), unknown ones named.
 */
export const readComposition = async (values: Composition): Promise<Outcome<Composed>> => {
  const parsed = NewCampaignInput.safeParse({ subject: values.subject, bodyMarkdown: values.bodyMarkdown, topics: values.topics ?? [] });
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  for (const key of Object.keys(errors)) {
    if (key.startsWith('topics.')) {
      errors.topics ??= errors[key]!;
      delete errors[key];
    }
  }
  const resolved = values.topics?.length ? await resolveTopics(values.topics) : { ok: true as const, slugs: [] };
  if (!resolved.ok) Object.assign(errors, resolved.fields);
  if (!parsed.success || !resolved.ok || Object.keys(errors).length) return needsAttention(errors);
  const topics = await Topics.list();
  return done({ input: { ...parsed.data, topics: resolved.slugs }, names: topicNames(resolved.slugs, topics) });
};

export type Written = { saved: Campaign } | { preview: CampaignMail; audience?: number };

/**
 * The new-campaign form: "Preview" shows the mail and how many it would reach now, saving nothing;
 * "Save draft" saves it under the form's `id` (once however often it is sent: createCampaign).
 */
export const writeCampaign = async (actor: Actor, values: Composition, at: Date, form: { id: string; preview: boolean }): Promise<Outcome<Written>> => {
  const composed = await readComposition(values);
  if (!composed.ok) return composed;
  const { input, names } = composed.value;
  if (form.preview) {
    const [preview, audience] = await Promise.all([previewMail(input, names, at), Subscribers.countAudience(input.topics)]);
    return done({ preview, audience });
  }
  const created = await createCampaign(actor, input, at, form.id);
  return created.ok ? done({ saved: created.value }) : created;
};

/**
 * A draft's edit form: 1. only a draft can be changed (checked before its values); 2. the values
 * read like a new campaign's; 3. "Preview" shows them as the mail without saving, else they are saved.
 */
export const reviseDraft = (actor: Actor, campaignId: string, values: Composition, at: Date, form: { preview: boolean }): Promise<Outcome<Written>> =>
  attempt(async () => {
    const campaign = await getCampaign(campaignId);
    if (campaign.status !== 'draft') throw new Refused(refuse('conflict', 'Only a draft can be changed. Nothing was saved.'));
    const composed = await readComposition(values);
    if (!composed.ok) throw new Refused(composed);
    const { input, names } = composed.value;
    if (form.preview) return { preview: await previewMail(input, names, at) };
    const updated = await updateCampaign(actor, campaignId, input, at);
    if (!updated.ok) throw new Refused(updated);
    return { saved: updated.value };
  });

/** A date and time of day in a zone as the view read them: an instant, or why not. */
export type ZonedReading = { ok: true; instant: string } | { ok: false; reason: 'invalid-date' | 'invalid-time' | 'invalid-zone' | 'skipped' };

/** The send form: now, later at a time read in a zone, or (neither chosen) nothing. */
export type SendChoice = { when: 'now' } | { when: 'later'; zoned: ZonedReading } | { when?: undefined };

const zoneProblems: Record<Extract<ZonedReading, { ok: false }>['reason'], Record<string, string>> = {
  'invalid-date': { date: 'Enter a date, for example 2026-12-01' },
  'invalid-time': { time: 'Enter a time, for example 09:30' },
  'invalid-zone': { timezone: 'Choose a time zone from the list' },
  skipped: { time: 'The clocks jump forward past this time on that day, so it does not happen. Choose a later time.' },
};

/**
 * When to send, from the form: now (undefined), or an instant in the future within MAX_SCHEDULE_DAYS
 * (a time already past is refused here, where the API would send at once: the form offers "Send now").
 */
export const readSendChoice = (choice: SendChoice, at: Date): Outcome<Date | undefined> => {
  if (choice.when === 'now') return done(undefined);
  if (choice.when !== 'later') return refuse('invalid', 'Choose “Send now” or a time to schedule it. Nothing was sent.');
  if (!choice.zoned.ok) return needsAttention(zoneProblems[choice.zoned.reason]);
  const when = new Date(choice.zoned.instant);
  if (when.getTime() <= at.getTime()) return needsAttention({ time: 'This time has passed. Choose a time in the future, or send now.' });
  if (when.getTime() > at.getTime() + MAX_SCHEDULE_DAYS * 24 * 3600 * 1000) return needsAttention({ date: `Choose a date within ${MAX_SCHEDULE_DAYS} days from now` });
  return done(when);
};
