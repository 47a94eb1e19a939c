import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor';
import { AuditLog } from '../kernel/audit-store';
import { withinLimit } from '../kernel/rate-limit';
import { attempt, refuse, Refused, type Outcome } from '../kernel/refusal';
import { isConditionFailure } from '../db/client';
import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { sendMail } from '../mail/send';
import { preferencesUrl, unsubscribeUrl, type Topic, Subscribers, Topics, resolveTopics, topicNames } from '../mailing-list/port';
import { CampaignStore } from './campaign-store';
import { audiencePageEvent, CampaignResumed, CampaignScheduleChanged } from './events';
import { fieldErrors } from '../kernel/fields';
import { emptyCounters, TestCampaign, type Campaign, type CampaignChanges, type CampaignStatus, type NewCampaign, type PauseBaseline } from './model';
import { renderCampaignMail, type CampaignMail } from './render';

/**
 * Organizer operations on campaigns. Each change of status is one conditional write on the campaign
 * item, then its event under an id derived from the state written, so a repeated request
 * republishes the same event and downstream it is a duplicate, not a second one.
 *
 *   create / edit (drafts only) → send now (startSending) or schedule → cancel (before sending, or paused)
 *   → the delivery engine (./delivery) plans and sends, pauses by itself, marks `sent` → resume.
 *
 * The operations an organizer or an API key calls take the actor first, check what it may do,
 * record their own audit entry (only when they changed something) and answer an Outcome: the
 * console and the JSON API share them, and only word the refusals differently at their edge.
 */

const refusal = (...args: Parameters<typeof refuse>) => new Refused(refuse(...args));

const campaignNotFound = () => refusal('not-found', 'Campaign not found');

const statusWords: Record<CampaignStatus, string> = {
  draft: 'a draft',
  scheduled: 'scheduled',
  sending: 'sending',
  paused: 'paused',
  sent: 'sent',
  cancelled: 'cancelled',
};

const notNow = (campaign: Campaign, what: string) => refusal('conflict', `This campaign is ${statusWords[campaign.status]}, so it cannot be ${what}. Nothing was changed.`);

/** Topic names (or slugs) as the slugs of existing topics; unknown ones are refused, each named. */
const topicSlugs = async (names: readonly string[]): Promise<string[]> => {
  if (!names.length) return [];
  const resolved = await resolveTopics(names);
  if (!resolved.ok) throw refusal('invalid', 'Some fields need attention', { fields: resolved.fields });
  return resolved.slugs;
};

export const getCampaign = async (id: string): Promise<Campaign> => {
  const campaign = await CampaignStore.get(id);
  if (!campaign) throw campaignNotFound();
  return campaign;
};

export const listCampaigns = () => CampaignStore.list();

/** Topic names for display: one read of the topics for any number of campaigns. */
export const topicNamer = async (): Promise<(slugs: readonly string[]) => string[]> => {
  const topics: Topic[] = await Topics.list();
  return (slugs) => topicNames(slugs, topics);
};

/* ------------------------------------------------------------------------------------------------
 * Drafts.
 * --------------------------------------------------------------------------------------------- */

/**
 * A new draft by `actor`. Topic names (or slugs) are resolved (unknown: refused, naming them). `id`
 * lets a form choose the id when it is shown, so pressing "Save" twice saves one draft: the second
 * finds the first (the same author's) and answers it with `created: false`, audited once.
 */
export const createCampaign = (actor: Actor, input: NewCampaign, at: Date, id: string = randomUUID()): Promise<Outcome<Campaign & { created: boolean }>> =>
  attempt(async () => {
    const campaign = await newDraft(input, actor.id, at, id);
    if (campaign.created) await AuditLog.record(actor.id, 'campaign-created', campaign.id, at);
    return campaign;
  });

const newDraft = async (input: NewCampaign, createdBy: string, at: Date, id: string): Promise<Campaign & { created: boolean }> => {
  const topics = await topicSlugs(input.topics ?? []);
  const campaign: Campaign = {
    id,
    subject: input.subject,
    bodyMarkdown: input.bodyMarkdown,
    topics,
    status: 'draft',
    createdBy,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    counters: emptyCounters(),
    planned: false,
  };
  try {
    await CampaignStore.create(campaign);
    return { ...campaign, created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = await CampaignStore.get(id);
    if (!existing || existing.createdBy !== createdBy) throw refusal('conflict', 'This form was already used for another campaign. Nothing was saved; please start again.');
    return { ...existing, created: false };
  }
};

/** Edits a draft; anything else is a conflict (what was sent or is on its way is not rewritten). */
export const updateCampaign = (actor: Actor, id: string, changes: CampaignChanges, at: Date): Promise<Outcome<Campaign>> =>
  attempt(async () => {
    const updated = await editDraft(id, changes, at);
    await AuditLog.record(actor.id, 'campaign-updated', id, at);
    return updated;
  });

const editDraft = async (id: string, changes: CampaignChanges, at: Date): Promise<Campaign> => {
  const current = await getCampaign(id);
  if (current.status !== 'draft') throw notNow(current, 'edited');
  const topics = changes.topics === undefined ? undefined : await topicSlugs(changes.topics);
  const updated = await CampaignStore.update(
    id,
    {
      ...(changes.subject !== undefined ? { subject: changes.subject } : {}),
      ...(changes.bodyMarkdown !== undefined ? { bodyMarkdown: changes.bodyMarkdown } : {}),
      ...(topics !== undefined ? { topics } : {}),
    },
    at,
  );
  if (!updated) throw notNow(await getCampaign(id), 'edited');
  return updated;
};

/* ------------------------------------------------------------------------------------------------
 * Sending, scheduling, cancelling, pausing, resuming.
 * --------------------------------------------------------------------------------------------- */

/** The campaign's scheduled start changed (scheduled, or cancelled while scheduled): the schedule follows. */
const scheduleChanged = (campaign: Campaign, at: Date) =>
  makeEvent(CampaignScheduleChanged, `campaign-schedule:${campaign.id}:${campaign.updatedAt}`, { campaignId: campaign.id }, at.toISOString());

/** The farthest ahead a campaign may be scheduled. */
export const MAX_SCHEDULE_DAYS = 366;

/**
 * Starts sending a draft or scheduled campaign: one conditional write (draft|scheduled → sending,
 * `startedAt` kept if set), then Campaign Audience Page Due for page 0 under a derived id. A campaign
 * already `sending` republishes that same event (a retry after a crash between the two) and
 * succeeds. Any other status: 409. The scheduled-start consumer calls this too.
 */
export const startSending = async (campaignId: string, at: Date): Promise<Campaign> => {
  let campaign = await CampaignStore.transition(campaignId, {
    from: ['draft', 'scheduled'],
    set: { status: 'sending', updatedAt: at.toISOString() },
    setIfAbsent: { startedAt: at.toISOString() },
  });
  if (!campaign) {
    campaign = await getCampaign(campaignId);
    if (campaign.status !== 'sending') throw notNow(campaign, 'sent');
  }
  // The first page of the audience: the delivery engine plans it into batches, then the next page.
  await publish([audiencePageEvent(campaignId, 0, null, at)]);
  return campaign;
};

export type SendResult = { kind: 'sending'; campaign: Campaign } | { kind: 'scheduled'; campaign: Campaign };

/** Above this many recipients only an admin may send or schedule a campaign. */
export const LARGE_AUDIENCE = 500;

/**
 * "No confirmed subscriber matches …": an empty audience is refused before anything changes; so is
 * an audience of more than LARGE_AUDIENCE unless the sender may send to that many (an admin).
 */
const mustHaveAudience = async (campaign: Campaign, mayMailMany: boolean) => {
  const size = await Subscribers.countAudience(campaign.topics);
  if (size > LARGE_AUDIENCE && !mayMailMany) {
    throw refusal(
      'forbidden',
      `This campaign would go to ${size} people. Only an admin may send or schedule a campaign to more than ${LARGE_AUDIENCE} people, so nothing was sent. Ask an admin to send it.`,
    );
  }
  if (size > 0) return;
  const names = (await topicNamer())(campaign.topics);
  const who = names.length ? `the topics ${names.join(', ')}` : 'this campaign (the whole list)';
  throw refusal('conflict', `No confirmed subscriber matches ${who}, so nothing was sent.`);
};

/**
 * Sends a draft now (no `when`, or a time already past) or schedules it (a future `when`, at most
 * MAX_SCHEDULE_DAYS ahead). An empty audience is refused (conflict), nothing sent or scheduled; so
 * is one of more than LARGE_AUDIENCE people unless the actor is an admin (forbidden). A schedule is
 * one conditional write (draft → scheduled), then Campaign Schedule Changed, whose consumer makes
 * the one-time schedule. The same request again (sending now, or scheduled for the same instant)
 * republishes its event and succeeds, audited once; anything else on a non-draft is a conflict.
 */
export const sendCampaign = (actor: Actor, id: string, at: Date, when?: Date): Promise<Outcome<SendResult>> =>
  attempt(async () => {
    const { fromDraft, ...result } = await sendOrSchedule(id, at, when, actor.admin);
    if (fromDraft) await AuditLog.record(actor.id, result.kind === 'scheduled' ? 'campaign-scheduled' : 'campaign-sent', id, at);
    return result;
  });

/** sendCampaign's steps; `fromDraft`: this call changed the status (a repeat does not). */
const sendOrSchedule = async (id: string, at: Date, when: Date | undefined, mayMailMany: boolean): Promise<SendResult & { fromDraft: boolean }> => {
  const campaign = await getCampaign(id);
  const future = Boolean(when && when.getTime() > at.getTime());
  // The same request again (e.g. after it died between its write and its event): the same event again.
  if (campaign.status === 'sending' && !future && !campaign.scheduledAt) return { kind: 'sending', campaign: await startSending(id, at), fromDraft: false };
  if (campaign.status === 'scheduled' && future && campaign.scheduledAt === when!.toISOString()) {
    await publish([scheduleChanged(campaign, at)]);
    return { kind: 'scheduled', campaign, fromDraft: false };
  }
  if (campaign.status !== 'draft') throw notNow(campaign, 'sent or scheduled again');
  if (when && when.getTime() > at.getTime() + MAX_SCHEDULE_DAYS * 24 * 3600 * 1000) {
    throw refusal('invalid', 'Some fields need attention', { fields: { at: `Must be within ${MAX_SCHEDULE_DAYS} days from now` } });
  }
  await mustHaveAudience(campaign, mayMailMany);
  if (!future) return { kind: 'sending', campaign: await startSending(id, at), fromDraft: true };
  const scheduled = await CampaignStore.transition(id, {
    from: ['draft'],
    set: { status: 'scheduled', scheduledAt: when!.toISOString(), updatedAt: at.toISOString() },
  });
  if (!scheduled) throw notNow(await getCampaign(id), 'scheduled');
  await publish([scheduleChanged(scheduled, at)]);
  return { kind: 'scheduled', campaign: scheduled, fromDraft: true };
};

/**
 * Cancels a draft, a scheduled campaign (its schedule is removed) or a paused one (the delivery
 * engine ends its unsent recipients `failed`, "cancelled"). Once sending or sent: a conflict.
 * Cancelling a cancelled campaign re-announces the schedule change (same id) and succeeds, audited
 * only the first time.
 */
export const cancelCampaign = (actor: Actor, id: string, at: Date): Promise<Outcome<Campaign>> =>
  attempt(async () => {
    const cancelled = await CampaignStore.transition(id, {
      from: ['draft', 'scheduled', 'paused'],
      set: { status: 'cancelled', cancelledAt: at.toISOString(), updatedAt: at.toISOString() },
    });
    if (cancelled) await AuditLog.record(actor.id, 'campaign-cancelled', id, at);
    return afterCancel(cancelled ?? (await getCampaign(id)), at);
  });

const afterCancel = async (campaign: Campaign, at: Date): Promise<Campaign> => {
  if (campaign.status !== 'cancelled') throw notNow(campaign, 'cancelled');
  // The schedule's consumer reads the campaign as it is now: a cancelled one has no send schedule,
  // and one that had started gets its recipient rows' erasure scheduled (./retention.ts).
  if (campaign.scheduledAt || campaign.startedAt) await publish([scheduleChanged(campaign, at)]);
  // A campaign cancelled while paused had started: its unfinished batches are handed out once more,
  // and each closes its unsent recipients as failed, "cancelled" (shared/campaigns/delivery).
  if (campaign.startedAt) {
    await publish([makeEvent(CampaignResumed, `campaign-cancelled:${campaign.id}:${campaign.cancelledAt}`, { campaignId: campaign.id }, at.toISOString())]);
  }
  return campaign;
};

/**
 * Pauses a sending campaign with the reason shown to organizers (the delivery engine's auto-pause),
 * keeping the counters it was judged on. Answers whether it paused now (false: it was not sending).
 */
export const pauseCampaign = async (id: string, reason: string, baseline: PauseBaseline, at: Date): Promise<boolean> =>
  Boolean(
    await CampaignStore.transition(id, {
      from: ['sending'],
      set: { status: 'paused', pausedReason: reason, pausedAt: at.toISOString(), updatedAt: at.toISOString(), autoPauseBaseline: baseline },
    }),
  );

const resumedEvent = (campaign: Campaign, at: Date) =>
  makeEvent(CampaignResumed, `campaign-resumed:${campaign.id}:${campaign.resumedAt}`, { campaignId: campaign.id }, at.toISOString());

/**
 * Resumes a paused campaign (paused → sending, the reason cleared), then Campaign Resumed, whose
 * consumer hands the unfinished batches out again. A campaign already sending after a resume
 * republishes that event (same id), audited only the first time; any other status: a conflict.
 */
export const resumeCampaign = (actor: Actor, id: string, at: Date): Promise<Outcome<Campaign>> =>
  attempt(async () => {
    let campaign = await CampaignStore.transition(id, {
      from: ['paused'],
      set: { status: 'sending', resumedAt: at.toISOString(), updatedAt: at.toISOString() },
      remove: ['pausedReason', 'pausedAt'],
    });
    if (campaign) await AuditLog.record(actor.id, 'campaign-resumed', id, at);
    else {
      campaign = await getCampaign(id);
      if (campaign.status !== 'sending' || !campaign.resumedAt) throw notNow(campaign, 'resumed');
    }
    await publish([resumedEvent(campaign, at)]);
    return campaign;
  });

/* ------------------------------------------------------------------------------------------------
 * Test mails.
 * --------------------------------------------------------------------------------------------- */

/**
 * The subscriber id in a test mail's links: never a real subscriber's (those are random UUIDs), so
 * its unsubscribe and preferences links open the list's pages but change nobody's subscription.
 */
const TEST_SUBSCRIBER_ID = 'campaign-test';

/** Test sends per campaign per hour: enough to try things out, too few to be a way of mailing people. */
const TEST_LIMIT_PER_HOUR = 20;

/** Where a test mail may not go: words for the console's field, and for the API's answer. */
const SUPPRESSED_TEST = {
  message: 'This address bounced or marked a mail as spam before, so Hearth does not mail it. No test was sent.',
  console: 'Hearth does not mail this address: it bounced or marked a mail as spam before. Choose another address.',
  api: 'Hearth does not mail this address (it bounced or complained before)',
};

/** The links of a test mail: the list's pages, for nobody on the list. */
const testLinks = async (at: Date) => ({
  unsubscribeUrl: await unsubscribeUrl(TEST_SUBSCRIBER_ID, undefined, at),
  preferencesUrl: await preferencesUrl(TEST_SUBSCRIBER_ID, at),
});

/**
 * The campaign's mail as nobody in particular gets it (the merge field shows its fallback, the links
 * belong to nobody): the console's preview, and (`test`, marked so) a test send.
 */
export const previewMail = async (campaign: Pick<Campaign, 'subject' | 'bodyMarkdown' | 'topics'>, names: readonly string[], at: Date, test = false): Promise<CampaignMail> =>
  renderCampaignMail({ campaign, subscriber: {}, ...(await testLinks(at)), topicNames: names, ...(test ? { test: true } : {}) });

/**
 * Sends one test of the campaign as it is now to `to`, marked "[Test]", the merge field showing its
 * fallback, and audits it. In steps:
 *   1. the campaign exists, and `to` is an address;
 *   2. from the console, only before sending (the console offers tests there only; the API has
 *      always let a script test any campaign, so it still may);
 *   3. at most TEST_LIMIT_PER_HOUR per campaign (too-many); each press sends (a random ledger key);
 *   4. an address that bounced or complained is not mailed (a conflict naming the field `to`).
 */
export const sendTestMail = (actor: Actor, campaignId: string, to: string, at: Date): Promise<Outcome<'sent'>> =>
  attempt(async () => {
    const campaign = await getCampaign(campaignId);
    const address = TestCampaign.safeParse({ to });
    if (!address.success) throw refusal('invalid', 'Some fields need attention', { fields: fieldErrors(address.error) });
    if (actor.via === 'console' && campaign.status !== 'draft' && campaign.status !== 'scheduled') throw refusal('conflict', 'Tests are for campaigns not sent yet.');
    if (!(await withinLimit('campaign-test', campaign.id, TEST_LIMIT_PER_HOUR, 3600_000, at))) {
      throw refusal('too-many', `At most ${TEST_LIMIT_PER_HOUR} test mails an hour for one campaign. Please try again later.`);
    }
    const names = (await topicNamer())(campaign.topics);
    const mail = await previewMail(campaign, names, at, true);
    const outcome = await sendMail({ key: `campaign-test:${campaign.id}:${randomUUID()}`, to: address.data.to, ...mail }, at);
    if (outcome === 'suppressed') throw refusal('conflict', SUPPRESSED_TEST.message, { fields: { to: SUPPRESSED_TEST[actor.via] } });
    await AuditLog.record(actor.id, 'campaign-test-sent', campaign.id, at);
    return 'sent' as const;
  });
