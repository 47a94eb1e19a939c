import { randomUUID } from 'node:crypto';
import { getCampaign, listCampaigns, cancelCampaign, resumeCampaign, sendCampaign, sendTestMail, topicNamer } from '../../shared/campaigns/campaigns';
import { readSendChoice, reviseDraft, writeCampaign } from '../../shared/campaigns/compose';
import { BODY_MAX } from '../../shared/campaigns/model';
import { campaignDetail } from '../../shared/campaigns/queries';
import { now } from '../../shared/clock';
import type { ConsoleSession } from '../../shared/console/auth';
import { consoleChange, requireConsole } from '../../shared/console/http';
import { httpHandler, type Route } from '../../shared/http/handler';
import { onForm } from '../../shared/http/refusal';
import { bodyBytesFor, idParam, isId, queryParam, type HttpEvent } from '../../shared/http/request';
import { json, seeOther } from '../../shared/http/response';
import { organizerActor, type Actor } from '../../shared/kernel/actor';
import type { Outcome, Refusal } from '../../shared/kernel/refusal';
import { Topics } from '../../shared/mailing-list/port';
import { routes } from '../../shared/routes';
import { listWorkshops } from '../../shared/workshops/workshops';
import { campaignDetailPage, isCampaignDone, progressJson, type CampaignDetailProps, type CampaignDone } from '../../shared/web/console/campaign-detail';
import { readCampaignForm } from '../../shared/web/console/campaign-input';
import { campaignListPage, composePage, type ComposePageProps } from '../../shared/web/console/campaign-list';
import { campaignPath } from '../../shared/web/console/campaign-page';
import { usualTimeZone, zonedInstant } from '../../shared/kernel/zoned-time';
import { errorPage } from '../../shared/web/pages/error';

/** A campaign's message may be long and in any script: its bodies may be larger than the default. */
const CAMPAIGN_BODY_BYTES = bodyBytesFor(BODY_MAX);

/**
 * The console's campaign pages: the list, writing (with a preview of the mail as it will be sent),
 * a test send, sending now or at a time in the organisation's zone, cancelling, resuming, and the
 * progress and report of a campaign on its way. Every POST passes the console's one gate (Origin,
 * session, CSRF token) before anything is read or written; each change is one operation of
 * shared/campaigns with the organizer as its actor, which audits it. A refusal re-renders the page
 * with the typed values and each message next to its field; after a change the browser is sent
 * (303) to the campaign's page, which says what happened.
 */

const campaignId = (event: HttpEvent) => idParam(event, 'id', 'Campaign not found');

const done = (id: string, what: CampaignDone) => seeOther(`${campaignPath(id)}?done=${what}`);

/** The zone times are shown and scheduled in: the one the organisation's workshops use most. */
const organisationZone = async () => usualTimeZone(await listWorkshops());

/** A refusal on the form: one that names fields says it next to them only, any other above the form (not found: the error page). */
const onPage = (refusal: Refusal) => {
  const { formError, errors, status } = onForm(refusal);
  return errors ? { errors, status } : { formError, status };
};

type DetailExtras = Partial<Omit<CampaignDetailProps, 'organizer' | 'csrfToken' | 'campaign' | 'topics' | 'topicNames' | 'timeZone'>>;

/** A campaign's page as it is now (shared/campaigns' read model), with what this request adds. */
const detailPage = async (current: ConsoleSession, id: string, at: Date, extras: DetailExtras = {}) => {
  const [detail, timeZone] = await Promise.all([campaignDetail(id, at), organisationZone()]);
  return campaignDetailPage({ organizer: current.organizer, csrfToken: current.session.csrf, ...detail, timeZone, testTo: current.organizer.email, ...extras });
};

/** A change of status with nothing to fill in (cancel, resume): the operation, then where it leaves the campaign. */
const statusChange =
  (operation: (actor: Actor, id: string, at: Date) => Promise<Outcome<unknown>>, what: CampaignDone): Route =>
  async (event) => {
    const { at, current } = await consoleChange(event);
    const id = campaignId(event);
    const changed = await operation(organizerActor(current.organizer), id, at);
    return changed.ok ? done(id, what) : detailPage(current, id, at, onPage(changed));
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
      const values = source ? { subject: source.subject, bodyMarkdown: source.bodyMarkdown, topics: source.topics } : {};
      return composePage({ organizer, csrfToken: session.csrf, draftId: randomUUID(), topics: await Topics.list(), values });
    },

    /** "Preview" shows the mail under the form; "Save draft" stores it (once per form). */
    create: async (event) => {
      const { at, current, form } = await consoleChange(event, CAMPAIGN_BODY_BYTES);
      const values = readCampaignForm(form);
      const draftId = isId(form.draftId) ? form.draftId : randomUUID();
      const page = async (shown: Partial<ComposePageProps>) => composePage({ organizer: current.organizer, csrfToken: current.session.csrf, draftId, topics: await Topics.list(), values, ...shown });
      const written = await writeCampaign(organizerActor(current.organizer), values, at, { id: draftId, preview: form.action === 'preview' });
      if (!written.ok) return page(onPage(written));
      return 'saved' in written.value ? done(draftId, 'created') : page(written.value);
    },

    show: async (event) => {
      const at = now();
      const current = await requireConsole(event, at);
      const what = queryParam(event, 'done');
      return detailPage(current, campaignId(event), at, isCampaignDone(what) ? { done: what } : {});
    },

    /** Saves a draft's changes, or ("Preview") shows them as the mail without saving. */
    update: async (event) => {
      const { at, current, form } = await consoleChange(event, CAMPAIGN_BODY_BYTES);
      const id = campaignId(event);
      const values = readCampaignForm(form);
      const written = await reviseDraft(organizerActor(current.organizer), id, values, at, { preview: form.action === 'preview' });
      if (!written.ok) return detailPage(current, id, at, { values, ...onPage(written) });
      if ('saved' in written.value) return done(id, 'saved');
      return detailPage(current, id, at, { values, preview: written.value.preview, previewNote: 'Your changes as the mail will show them. They are not saved yet: press “Save draft”.' });
    },

    /** One test mail to the address given. */
    test: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const id = campaignId(event);
      const testTo = form.to ?? '';
      const sent = await sendTestMail(organizerActor(current.organizer), id, testTo, at);
      return sent.ok ? done(id, 'test-sent') : detailPage(current, id, at, { testTo, ...onPage(sent) });
    },

    /** Sends now (`when=now`) or at the date and time given in the zone given (`when=later`). */
    send: async (event) => {
      const { at, current, form } = await consoleChange(event);
      const id = campaignId(event);
      const schedule = { date: form.date ?? '', time: form.time ?? '', timezone: form.timezone ?? '' };
      const later = form.when === 'later';
      const when = readSendChoice(later ? { when: 'later', zoned: zonedInstant(schedule.date, schedule.time, schedule.timezone) } : form.when === 'now' ? { when: 'now' } : {}, at);
      const sent = when.ok ? await sendCampaign(organizerActor(current.organizer), id, at, when.value) : when;
      return sent.ok ? done(id, sent.value.kind) : detailPage(current, id, at, { ...(later ? { schedule } : {}), ...onPage(sent) });
    },

    cancel: statusChange(cancelCampaign, 'cancelled'),
    resume: statusChange(resumeCampaign, 'resumed'),

    /** The counts the live progress bar reads. */
    progress: async (event) => {
      await requireConsole(event, now());
      return json(200, progressJson(await getCampaign(campaignId(event))));
    },
  },
  { errorPage },
);
