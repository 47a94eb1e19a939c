import { apiKeyActor, isAdminKey, requireApiKey } from '../../shared/console/require-api-key';
import type { ApiKey, Scope } from '../../shared/console/api-key-store';
import { campaignAnswer, campaignSummary } from '../../shared/campaigns/api';
import {
  cancelCampaign,
  createCampaign,
  getCampaign,
  listCampaigns,
  resumeCampaign,
  sendCampaign,
  sendTestMail,
  topicNamer,
  updateCampaign,
} from '../../shared/campaigns/campaigns';
import { InvalidRecipientCursorError, RecipientStore } from '../../shared/campaigns/delivery/recipient-store';
import { CampaignChangesInput, NewCampaignInput } from '../../shared/campaigns/input';
import { BODY_MAX, RecipientQuery, SendCampaign, TestCampaign } from '../../shared/campaigns/model';
import { now } from '../../shared/clock';
import { AuditLog } from '../../shared/kernel/audit-store';
import { HttpError, invalid } from '../../shared/http/errors';
import { httpHandler, type Route } from '../../shared/http/handler';
import { routes } from '../../shared/routes';
import { bodyBytesFor, idParam, jsonBody, type HttpEvent } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { TopicInput } from '../../shared/mailing-list/model';
import { createTopic } from '../../shared/mailing-list/topics';

/** A campaign's message may be long and in any script: its bodies may be larger than the default. */
const CAMPAIGN_BODY_BYTES = bodyBytesFor(BODY_MAX);

/**
 * The organizer API for topics and campaigns (Bearer API key). Every route checks the key and its
 * scope before it reads the body or the table: `read` (or `campaigns`) to read, `campaigns` to
 * change and to see recipients (addresses); `admin` is every scope, and only a key with it may send
 * or schedule a campaign to more than 500 people. Ids that cannot exist are 404 before any read.
 * Every change is audited under the key's id. Campaigns carry their topics by name here; what is
 * stored are the topics' slugs.
 */
const READ: Scope[] = ['read', 'campaigns'];
const WRITE: Scope[] = ['campaigns'];

const authorized =
  (needs: Scope[], route: (event: HttpEvent, apiKey: ApiKey) => ReturnType<Route>): Route =>
  async (event) =>
    route(event, await requireApiKey(event, needs));

const audit = (apiKey: ApiKey, action: string, target: string, at: Date) => AuditLog.record(apiKeyActor(apiKey), action, target, at);

const campaignId = (event: HttpEvent) => idParam(event, 'id', 'Campaign not found');

const answer = async (status: number, campaign: Parameters<typeof campaignAnswer>[0]) => json(status, campaignAnswer(campaign, await topicNamer()));

export const handler = httpHandler(routes.campaignsApi, {
  /** A topic subscribers and campaigns can choose (the mailing list's; 409 when the name exists). */
  createTopic: authorized(WRITE, async (event, apiKey) => {
    const { name } = jsonBody(event, TopicInput);
    const at = now();
    const topic = await createTopic(name, at);
    await audit(apiKey, 'topic-created', topic.slug, at);
    return json(201, { topic });
  }),

  list: authorized(READ, async () => {
    const [campaigns, names] = await Promise.all([listCampaigns(), topicNamer()]);
    return json(200, { campaigns: campaigns.map((campaign) => campaignSummary(campaign, names)) });
  }),

  /** A draft; nothing is sent until POST …/send. */
  create: authorized(WRITE, async (event, apiKey) => {
    const input = jsonBody(event, NewCampaignInput, { maxBytes: CAMPAIGN_BODY_BYTES });
    const at = now();
    const campaign = await createCampaign(input, apiKeyActor(apiKey), at);
    await audit(apiKey, 'campaign-created', campaign.id, at);
    return answer(201, campaign);
  }),

  get: authorized(READ, async (event) => answer(200, await getCampaign(campaignId(event)))),

  /** Drafts only (409 otherwise). */
  update: authorized(WRITE, async (event, apiKey) => {
    const id = campaignId(event);
    const changes = jsonBody(event, CampaignChangesInput, { maxBytes: CAMPAIGN_BODY_BYTES });
    const at = now();
    const campaign = await updateCampaign(id, changes, at);
    await audit(apiKey, 'campaign-updated', id, at);
    return answer(200, campaign);
  }),

  /** One test mail of the campaign as it is now, marked "[Test]"; each request sends one. */
  test: authorized(WRITE, async (event, apiKey) => {
    const id = campaignId(event);
    const { to } = jsonBody(event, TestCampaign);
    const at = now();
    const outcome = await sendTestMail(await getCampaign(id), to, at);
    if (outcome === 'suppressed') {
      throw new HttpError(409, 'This address bounced or marked a mail as spam before, so Hearth does not mail it. No test was sent.', { to: 'Hearth does not mail this address (it bounced or complained before)' });
    }
    await audit(apiKey, 'campaign-test-sent', id, at);
    return json(200, { outcome, to });
  }),

  /** Now (no `at`, or a time past) or at `at`; an empty audience is 409 and nothing is sent. */
  send: authorized(WRITE, async (event, apiKey) => {
    const id = campaignId(event);
    const input = jsonBody(event, SendCampaign, { optional: true });
    const at = now();
    const before = await getCampaign(id);
    const { kind, campaign } = await sendCampaign(id, at, input.at ? new Date(input.at) : undefined, { mayMailMany: isAdminKey(apiKey) });
    if (before.status === 'draft') await audit(apiKey, kind === 'scheduled' ? 'campaign-scheduled' : 'campaign-sent', id, at);
    return answer(202, campaign);
  }),

  /** Before sending (draft, scheduled) or while paused; 409 once sending or sent. */
  cancel: authorized(WRITE, async (event, apiKey) => {
    const id = campaignId(event);
    const at = now();
    const before = await getCampaign(id);
    const campaign = await cancelCampaign(id, at);
    if (before.status !== 'cancelled') await audit(apiKey, 'campaign-cancelled', id, at);
    return answer(200, campaign);
  }),

  /** A paused campaign goes on; 409 otherwise. */
  resume: authorized(WRITE, async (event, apiKey) => {
    const id = campaignId(event);
    const at = now();
    const before = await getCampaign(id);
    const campaign = await resumeCampaign(id, at);
    if (before.status === 'paused') await audit(apiKey, 'campaign-resumed', id, at);
    return answer(200, campaign);
  }),

  /** Each recipient's state and reason, a page at a time: `?state=queued|sent|suppressed|failed&limit=…&cursor=…`. */
  recipients: authorized(WRITE, async (event) => {
    const id = campaignId(event);
    const query = RecipientQuery.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw invalid(query.error);
    await getCampaign(id);
    try {
      const page = await RecipientStore.list(id, {
        ...(query.data.state ? { state: query.data.state } : {}),
        cursor: query.data.cursor ?? null,
        limit: query.data.limit ?? 50,
      });
      return json(200, page);
    } catch (error) {
      if (error instanceof InvalidRecipientCursorError) throw new HttpError(400, 'Some fields need attention', { cursor: 'Not a cursor from this list; start again without it' });
      throw error;
    }
  }),
});
