import { randomUUID } from 'node:crypto';
import { withinLimit } from '../kernel/rate-limit';
import { isConditionFailure } from '../db/client';
import { makeEvent } from '../events/define';
import { publish } from '../events/publish';
import { HttpError } from '../http/errors';
import { sendMail } from '../mail/send';
import { preferencesUrl, unsubscribeUrl, type Topic, Subscribers, Topics, mustResolveTopics, topicNames } from '../mailing-list/port';
import { CampaignStore } from './campaign-store';
import { audiencePageEvent, CampaignResumed, CampaignScheduleChanged } from './events';
import { emptyCounters, type Campaign, type CampaignChanges, type CampaignStatus, type NewCampaign, type PauseBaseline } from './model';
import { renderCampaignMail, type CampaignMail } from './render';

/**
 * Organizer operations on campaigns. Each change of status is one conditional write on the campaign
 * item, then its event under an id derived from the state written, so a repeated request
 * republishes the same event and downstream it is a duplicate, not a second one.
 *
 *   create / edit (drafts only) → send now (startSending) or schedule → cancel (before sending, or paused)
 *   → the delivery engine (./delivery) plans and sends, pauses by itself, marks `sent` → resume.
 */

const campaignNotFound = () => new HttpError(404, 'Campaign not found');

const statusWords: Record<CampaignStatus, string> = {
  draft: 'a draft',
  scheduled: 'scheduled',
  sending: 'sending',
  paused: 'paused',
  sent: 'sent',
  cancelled: 'cancelled',
};

const notNow = (campaign: Campaign, what: string) => new HttpError(409, `This campaign is ${statusWords[campaign.status]}, so it cannot be ${what}. Nothing was changed.`);

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
 * A new draft. Topic names (or slugs) are resolved (unknown: 400 naming them). `id` lets a form
 * choose the id when it is shown, so pressing "Save" twice saves one draft: the second finds the
 * first (the same author's) and answers it with `created: false`.
 */
export const createCampaign = async (input: NewCampaign, createdBy: string, at: Date, id: string = randomUUID()): Promise<Campaign & { created?: boolean }> => {
  const topics = input.topics?.length ? await mustResolveTopics(input.topics) : [];
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
    if (!existing || existing.createdBy !== createdBy) throw new HttpError(409, 'This form was already used for another campaign. Nothing was saved; please start again.');
    return { ...existing, created: false };
  }
};

/** Edits a draft; anything else is 409 (what was sent or is on its way is not rewritten). */
export const updateCampaign = async (id: string, changes: CampaignChanges, at: Date): Promise<Campaign> => {
  const current = await getCampaign(id);
  if (current.status !== 'draft') throw notNow(current, 'edited');
  const topics = changes.topics === undefined ? undefined : changes.topics.length ? await mustResolveTopics(changes.topics) : [];
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
    throw new HttpError(
      403,
      `This campaign would go to ${size} people. Only an admin may send or schedule a campaign to more than ${LARGE_AUDIENCE} people, so nothing was sent. Ask an admin to send it.`,
    );
  }
  if (size > 0) return;
  const names = (await topicNamer())(campaign.topics);
  const who = names.length ? `the topics ${names.join(', ')}` : 'this campaign (the whole list)';
  throw new HttpError(409, `No confirmed subscriber matches ${who}, so nothing was sent.`);
};

export interface SendOptions {
  /** May send to more than LARGE_AUDIENCE people: a console admin, or an API key with the admin scope. */
  mayMailMany?: boolean;
}

/**
 * Sends a draft now (no `when`, or a time already past) or schedules it (a future `when`, at most
 * MAX_SCHEDULE_DAYS ahead). An empty audience is refused (409), nothing sent or scheduled; so is
 * one of more than LARGE_AUDIENCE people unless `options.mayMailMany` (403). A
 * schedule is one conditional write (draft → scheduled), then Campaign Schedule Changed, whose
 * consumer makes the one-time schedule. The same request again (sending now, or scheduled for the
 * same instant) republishes its event and succeeds; anything else on a non-draft is 409.
 */
export const sendCampaign = async (id: string, at: Date, when?: Date, options: SendOptions = {}): Promise<SendResult> => {
  const campaign = await getCampaign(id);
  const future = Boolean(when && when.getTime() > at.getTime());
  // The same request again (e.g. after it died between its write and its event): the same event again.
  if (campaign.status === 'sending' && !future && !campaign.scheduledAt) return { kind: 'sending', campaign: await startSending(id, at) };
  if (campaign.status === 'scheduled' && future && campaign.scheduledAt === when!.toISOString()) {
    await publish([scheduleChanged(campaign, at)]);
    return { kind: 'scheduled', campaign };
  }
  if (campaign.status !== 'draft') throw notNow(campaign, 'sent or scheduled again');
  if (when && when.getTime() > at.getTime() + MAX_SCHEDULE_DAYS * 24 * 3600 * 1000) {
    throw new HttpError(400, 'Some fields need attention', { at: `Must be within ${MAX_SCHEDULE_DAYS} days from now` });
  }
  await mustHaveAudience(campaign, options.mayMailMany === true);
  if (!future) return { kind: 'sending', campaign: await startSending(id, at) };
  const scheduled = await CampaignStore.transition(id, {
    from: ['draft'],
    set: { status: 'scheduled', scheduledAt: when!.toISOString(), updatedAt: at.toISOString() },
  });
  if (!scheduled) throw notNow(await getCampaign(id), 'scheduled');
  await publish([scheduleChanged(scheduled, at)]);
  return { kind: 'scheduled', campaign: scheduled };
};

/**
 * Cancels a draft, a scheduled campaign (its schedule is removed) or a paused one (the delivery
 * engine ends its unsent recipients `failed`, "cancelled"). Once sending or sent: 409. Cancelling a
 * cancelled campaign re-announces the schedule change (same id) and succeeds.
 */
export const cancelCampaign = async (id: string, at: Date): Promise<Campaign> => {
  let campaign = await CampaignStore.transition(id, {
    from: ['draft', 'scheduled', 'paused'],
    set: { status: 'cancelled', cancelledAt: at.toISOString(), updatedAt: at.toISOString() },
  });
  if (!campaign) {
    campaign = await getCampaign(id);
    if (campaign.status !== 'cancelled') throw notNow(campaign, 'cancelled');
  }
  // The schedule's consumer reads the campaign as it is now: a cancelled one has no schedule.
  if (campaign.scheduledAt && !campaign.startedAt) await publish([scheduleChanged(campaign, at)]);
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
 * republishes that event (same id); any other status: 409.
 */
export const resumeCampaign = async (id: string, at: Date): Promise<Campaign> => {
  let campaign = await CampaignStore.transition(id, {
    from: ['paused'],
    set: { status: 'sending', resumedAt: at.toISOString(), updatedAt: at.toISOString() },
    remove: ['pausedReason', 'pausedAt'],
  });
  if (!campaign) {
    campaign = await getCampaign(id);
    if (campaign.status !== 'sending' || !campaign.resumedAt) throw notNow(campaign, 'resumed');
  }
  await publish([resumedEvent(campaign, at)]);
  return campaign;
};

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

export type TestOutcome = 'sent' | 'suppressed';

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
 * fallback. Each press sends (a random ledger key); at most TEST_LIMIT_PER_HOUR per campaign (429).
 * An address that bounced or complained is not mailed ('suppressed').
 */
export const sendTestMail = async (campaign: Campaign, to: string, at: Date): Promise<TestOutcome> => {
  if (!(await withinLimit('campaign-test', campaign.id, TEST_LIMIT_PER_HOUR, 3600_000, at))) {
    throw new HttpError(429, `At most ${TEST_LIMIT_PER_HOUR} test mails an hour for one campaign. Please try again later.`);
  }
  const names = (await topicNamer())(campaign.topics);
  const mail = await previewMail(campaign, names, at, true);
  const outcome = await sendMail({ key: `campaign-test:${campaign.id}:${randomUUID()}`, to, ...mail }, at);
  return outcome === 'suppressed' ? 'suppressed' : 'sent';
};
