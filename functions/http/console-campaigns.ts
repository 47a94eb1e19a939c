import { randomUUID } from 'node:crypto';
import {
  cancelCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  MAX_SCHEDULE_DAYS,
  previewMail,
  resumeCampaign,
  sendCampaign,
  sendTestMail,
  topicNamer,
  updateCampaign,
} from '../../shared/campaigns/campaigns';
import { RecipientStore } from '../../shared/campaigns/delivery/recipient-store';
import { NewCampaignInput } from '../../shared/campaigns/input';
import { BODY_MAX, TestCampaign, type Campaign, type NewCampaign } from '../../shared/campaigns/model';
import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/kernel/audit-store';
import type { ConsoleSession } from '../../shared/console/auth';
import { actionable, consoleChange, requireConsole } from '../../shared/console/http';
import { fieldErrors } from '../../shared/http/errors';
import { httpHandler } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { bodyBytesFor, idParam, isId, queryParam, type HttpEvent } from '../../shared/http/request';
import { json, seeOther } from '../../shared/http/response';
import { listWorkshops } from '../../shared/workshops/workshops';
import { SubscriberStore } from '../../shared/mailing-list/subscriber-store';
import { TopicStore } from '../../shared/mailing-list/topic-store';
import { resolveTopics, topicNames } from '../../shared/mailing-list/topics';
import { campaignDetailPage, isCampaignDone, progressJson, type CampaignDetailProps, type CampaignDone, type ScheduleValues } from '../../shared/web/console/campaign-detail';
import { readCampaignForm, type CampaignFormValues } from '../../shared/web/console/campaign-input';
import { campaignListPage, composePage } from '../../shared/web/console/campaign-list';
import { campaignPath } from '../../shared/web/console/campaign-page';
import { usualTimeZone, zonedInstant } from '../../shared/kernel/zoned-time';
import { errorPage } from '../../shared/web/pages/error';

/** A campaign's message may be long and in any script: its bodies may be larger than the default. */
const CAMPAIGN_BODY_BYTES = bodyBytesFor(BODY_MAX);

/**
 * The console's campaign pages: the list, writing (with a preview of the mail as it will be sent),
 * a test send, sending now or at a time in the organisation's zone, cancelling, resuming, and the
 * progress and report of a campaign on its way. Every POST passes the console's one gate (Origin,
 * session, CSRF token) before anything is read or written, and every change is in the audit log
 * (ids only). Bad input re-renders the page with the typed values and each message next to its
 * field; after a change the browser is sent (303) to the campaign's page, which says what happened.
 */

const campaignId = (event: HttpEvent) => idParam(event, 'id', 'Campaign not found');

const done = (id: string, what: CampaignDone) => seeOther(`${campaignPath(id)}?done=${what}`);

/** The zone times are shown and scheduled in: the one the organisation's workshops use most. */
const organisationZone = async () => usualTimeZone(await listWorkshops());

/** The typed values as NewCampaign input (topic slugs resolve like names), or the form's errors. */
const validate = async (values: CampaignFormValues): Promise<{ ok: true; input: NewCampaign & { topics: string[] }; names: string[] } | { ok: false; errors: Record<string, string> }> => {
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
  if (!parsed.success || !resolved.ok || Object.keys(errors).length) return { ok: false, errors };
  const topics = await TopicStore.list();
  return { ok: true, input: { ...parsed.data, topics: resolved.slugs }, names: topicNames(resolved.slugs, topics) };
};

/** The mail as someone without a display name would get it, with links that belong to nobody. */
type DetailExtras = Partial<Omit<CampaignDetailProps, 'organizer' | 'csrfToken' | 'campaign' | 'topics' | 'topicNames' | 'timeZone'>>;

/** A campaign's page with everything its status shows: preview, audience, progress, who did not get it. */
const detailPage = async (current: ConsoleSession, campaign: Campaign, at: Date, extras: DetailExtras = {}) => {
  const [topics, timeZone] = await Promise.all([TopicStore.list(), organisationZone()]);
  const names = topicNames(campaign.topics, topics);
  const delivering = Boolean(campaign.startedAt);
  const [audience, preview, failed, suppressed] = await Promise.all([
    campaign.status === 'draft' ? SubscriberStore.countAudience(campaign.topics) : Promise.resolve(undefined),
    extras.preview ? Promise.resolve(extras.preview) : campaign.status === 'draft' || campaign.status === 'scheduled' ? previewMail(campaign, names, at) : Promise.resolve(undefined),
    delivering ? RecipientStore.list(campaign.id, { state: 'failed', limit: 20 }) : Promise.resolve(undefined),
    delivering ? RecipientStore.list(campaign.id, { state: 'suppressed', limit: 20 }) : Promise.resolve(undefined),
  ]);
  return campaignDetailPage({
    organizer: current.organizer,
    csrfToken: current.session.csrf,
    campaign,
    topics,
    topicNames: names,
    timeZone,
    ...(audience !== undefined ? { audience } : {}),
    ...(preview ? { preview } : {}),
    ...(failed && suppressed ? { problems: { failed: failed.recipients, suppressed: suppressed.recipients } } : {}),
    testTo: current.organizer.email,
    ...extras,
  });
};

/** The schedule form's date, time and zone as an instant in the future (within MAX_SCHEDULE_DAYS), or its errors. */
const readSchedule = (form: Record<string, string>, at: Date): { values: ScheduleValues; when?: Date; errors: Record<string, string> } => {
  const values = { date: form.date ?? '', time: form.time ?? '', timezone: form.timezone ?? '' };
  const zoned = zonedInstant(values.date, values.time, values.timezone);
  if (!zoned.ok) {
    const errors: Record<string, Record<string, string>> = {
      'invalid-date': { date: 'Enter a date, for example 2026-12-01' },
      'invalid-time': { time: 'Enter a time, for example 09:30' },
      'invalid-zone': { timezone: 'Choose a time zone from the list' },
      skipped: { time: 'The clocks jump forward past this time on that day, so it does not happen. Choose a later time.' },
    };
    return { values, errors: errors[zoned.reason]! };
  }
  const when = new Date(zoned.instant);
  if (when.getTime() <= at.getTime()) return { values, errors: { time: 'This time has passed. Choose a time in the future, or send now.' } };
  if (when.getTime() > at.getTime() + MAX_SCHEDULE_DAYS * 24 * 3600 * 1000) return { values, errors: { date: `Choose a date within ${MAX_SCHEDULE_DAYS} days from now` } };
  return { values, when, errors: {} };
};

export const handler = httpHandler(
  routes.consoleCampaigns,
  {
    list: async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const [campaigns, names, timeZone] = await Promise.all([listCampaigns(), topicNamer(), organisationZone()]);
      return campaignListPage({ organizer, csrfToken: session.csrf, campaigns, topicNames: names, timeZone });
    },

    /** A blank form, or (`?copy=<id>`) one filled from another campaign. */
    newForm: async (event) => {
      const { organizer, session } = await requireConsole(event, now());
      const copy = queryParam(event, 'copy');
      const source = isId(copy) ? await getCampaign(copy).catch(() => undefined) : undefined;
      return composePage({
        organizer,
        csrfToken: session.csrf,
        draftId: randomUUID(),
        topics: await TopicStore.list(),
        values: source ? { subject: source.subject, bodyMarkdown: source.bodyMarkdown, topics: source.topics } : {},
      });
    },

    /** "Preview" shows the mail under the form; "Save draft" stores it (once per form). */
    create: async (event) => {
      const { at, current, form } = await consoleChange(event, CAMPAIGN_BODY_BYTES);
      const { organizer, session } = current;
      const values = readCampaignForm(form);
      const draftId = isId(form.draftId) ? form.draftId : randomUUID();
      const topics = await TopicStore.list();
      const page = (extras: Partial<Parameters<typeof composePage>[0]>) => composePage({ organizer, csrfToken: session.csrf, draftId, topics, values, ...extras });
      const checked = await validate(values);
      if (!checked.ok) return page({ errors: checked.errors });
      if (form.action === 'preview') {
        const [preview, audience] = await Promise.all([previewMail(checked.input, checked.names, at), SubscriberStore.countAudience(checked.input.topics)]);
        return page({ preview, audience });
      }
      let created: Awaited<ReturnType<typeof createCampaign>>;
      try {
        created = await createCampaign(checked.input, organizer.id, at, draftId);
      } catch (error) {
        if (!actionable(error)) throw error;
        return page({ formError: error.message, status: error.status });
      }
      if (created.created) await AuditLog.record(organizer.id, 'campaign-created', created.id, at);
      return done(created.id, 'created');
    },

    show: async (event) => {
      const at = now();
      const current = await requireConsole(event, at);
      const campaign = await getCampaign(campaignId(event));
      const what = queryParam(event, 'done');
      return detailPage(current, campaign, at, isCampaignDone(what) ? { done: what } : {});
    },

    /** Saves a draft's changes, or ("Preview") shows them as the mail without saving. */
    update: async (event) => {
      const { at, current, form } = await consoleChange(event, CAMPAIGN_BODY_BYTES);
      const campaign = await getCampaign(campaignId(event));
      const values = readCampaignForm(form);
      if (campaign.status !== 'draft') return detailPage(current, campaign, at, { formError: 'Only a draft can be changed. Nothing was saved.', status: 409 });
      const checked = await validate(values);
      if (!checked.ok) return detailPage(current, campaign, at, { values, errors: checked.errors });
      if (form.action === 'preview') {
        const preview = await previewMail(checked.input, checked.names, at);
        return detailPage(current, campaign, at, { values, preview, previewNote: 'Your changes as the mail will show them. They are not saved yet: press “Save draft”.' });
      }
      try {
        await updateCampaign(campaign.id, checked.input, at);
      } catch (error) {
        if (!actionable(error)) throw error;
        return detailPage(current, await getCampaign(campaign.id), at, { values, formError: error.message, status: error.status });
      }
      await AuditLog.record(current.organizer.id, 'campaign-updated', campaign.id, at);
      return done(campaign.id, 'saved');
    },

    /** One test mail to the address given. */
    test: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const campaign = await getCampaign(campaignId(event));
      const testTo = form.to ?? '';
      const parsed = TestCampaign.safeParse({ to: testTo });
      if (!parsed.success) return detailPage(current, campaign, at, { testTo, errors: fieldErrors(parsed.error) });
      if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
        return detailPage(current, campaign, at, { formError: 'Tests are for campaigns not sent yet.', status: 409 });
      }
      try {
        const outcome = await sendTestMail(campaign, parsed.data.to, at);
        if (outcome === 'suppressed') {
          return detailPage(current, campaign, at, { testTo, errors: { to: 'Hearth does not mail this address: it bounced or marked a mail as spam before. Choose another address.' }, status: 409 });
        }
      } catch (error) {
        if (!actionable(error)) throw error;
        return detailPage(current, campaign, at, { testTo, formError: error.message, status: error.status });
      }
      await AuditLog.record(current.organizer.id, 'campaign-test-sent', campaign.id, at);
      return done(campaign.id, 'test-sent');
    },

    /** Sends now (`when=now`) or at the date and time given in the zone given (`when=later`). */
    send: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const campaign = await getCampaign(campaignId(event));
      if (form.when !== 'now' && form.when !== 'later') return detailPage(current, campaign, at, { formError: 'Choose “Send now” or a time to schedule it. Nothing was sent.' });
      let when: Date | undefined;
      if (form.when === 'later') {
        const schedule = readSchedule(form, at);
        if (!schedule.when) return detailPage(current, campaign, at, { schedule: schedule.values, errors: schedule.errors });
        when = schedule.when;
      }
      let result: Awaited<ReturnType<typeof sendCampaign>>;
      try {
        result = await sendCampaign(campaign.id, at, when, { mayMailMany: current.organizer.role === 'admin' });
      } catch (error) {
        if (!actionable(error)) throw error;
        const schedule = form.when === 'later' ? { schedule: { date: form.date ?? '', time: form.time ?? '', timezone: form.timezone ?? '' } } : {};
        const errors = error.fields?.at ? { errors: { date: error.fields.at } } : { formError: error.message };
        return detailPage(current, await getCampaign(campaign.id), at, { ...schedule, ...errors, status: error.status });
      }
      await AuditLog.record(current.organizer.id, result.kind === 'scheduled' ? 'campaign-scheduled' : 'campaign-sent', campaign.id, at);
      return done(campaign.id, result.kind);
    },

    cancel: async (event) => {
      const { at, current } = await consoleChange(event);
      const campaign = await getCampaign(campaignId(event));
      try {
        await cancelCampaign(campaign.id, at);
      } catch (error) {
        if (!actionable(error)) throw error;
        return detailPage(current, await getCampaign(campaign.id), at, { formError: error.message, status: error.status });
      }
      if (campaign.status !== 'cancelled') await AuditLog.record(current.organizer.id, 'campaign-cancelled', campaign.id, at);
      return done(campaign.id, 'cancelled');
    },

    resume: async (event) => {
      const { at, current } = await consoleChange(event);
      const campaign = await getCampaign(campaignId(event));
      try {
        await resumeCampaign(campaign.id, at);
      } catch (error) {
        if (!actionable(error)) throw error;
        return detailPage(current, await getCampaign(campaign.id), at, { formError: error.message, status: error.status });
      }
      if (campaign.status === 'paused') await AuditLog.record(current.organizer.id, 'campaign-resumed', campaign.id, at);
      return done(campaign.id, 'resumed');
    },

    /** The counts the live progress bar reads. */
    progress: async (event) => {
      await requireConsole(event, now());
      return json(200, progressJson(await getCampaign(campaignId(event))));
    },
  },
  { errorPage },
);
