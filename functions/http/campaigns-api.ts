import { requireApiKey } from '../../shared/console/require-api-key';
import type { Scope } from '../../shared/console/api-key-store';
import { campaignAnswer, campaignSummary } from '../../shared/campaigns/api';
import { cancelCampaign, createCampaign, getCampaign, listCampaigns, resumeCampaign, sendCampaign, sendTestMail, topicNamer, updateCampaign } from '../../shared/campaigns/campaigns';
import { CampaignChangesInput, NewCampaignInput } from '../../shared/campaigns/input';
import { BODY_MAX, RecipientQuery, SendCampaign, TestCampaign, type Campaign } from '../../shared/campaigns/model';
import { campaignRecipients } from '../../shared/campaigns/queries';
import { now } from '../../shared/clock';
import { invalid } from '../../shared/http/errors';
import { httpHandler, type Route } from '../../shared/http/handler';
import { bodyBytesFor, idParam, jsonBody, type HttpEvent } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { apiKeyActor, type Actor } from '../../shared/kernel/actor';
import { orRefuse } from '../../shared/kernel/refusal';
import { TopicInput } from '../../shared/mailing-list/model';
import { createTopic } from '../../shared/mailing-list/topics';
import { routes } from '../../shared/routes';

/** A campaign's message may be long and in any script: its bodies may be larger than the default. */
const CAMPAIGN_BODY_BYTES = bodyBytesFor(BODY_MAX);

/**
 * The organizer API for topics and campaigns (Bearer API key). Every route checks the key and its
 * scope before it reads the body or the table: `read` (or `campaigns`) to read, `campaigns` to
 * change and to see recipients (addresses); `admin` is every scope, and only a key with it may send
 * or schedule a campaign to more than 500 people. Ids that cannot exist are 404 before any read.
 * Each change is one operation of shared/campaigns with the key as its actor, which audits it under
 * the key's id; a refusal answers with its status. Campaigns carry their topics by name here; what
 * is stored are the topics' slugs.
 */
const READ: Scope[] = ['read', 'campaigns'];
const WRITE: Scope[] = ['campaigns'];

const authorized =
  (needs: Scope[], route: (event: HttpEvent, actor: Actor) => ReturnType<Route>): Route =>
  async (event) =>
    route(event, apiKeyActor(await requireApiKey(event, needs)));

const campaignId = (event: HttpEvent) => idParam(event, 'id', 'Campaign not found');

const answer = async (status: number, campaign: Campaign) => json(status, campaignAnswer(campaign, await topicNamer()));

export const handler = httpHandler(routes.campaignsApi, {
  /** A topic subscribers and campaigns can choose (the mailing list's; 409 when the name exists). */
  createTopic: authorized(WRITE, async (event, actor) => json(201, { topic: await createTopic(actor, jsonBody(event, TopicInput).name, now()) })),

  list: authorized(READ, async () => {
    const [campaigns, names] = await Promise.all([listCampaigns(), topicNamer()]);
    return json(200, { campaigns: campaigns.map((campaign) => campaignSummary(campaign, names)) });
  }),

  /** A draft; nothing is sent until POST …/send. */
  create: authorized(WRITE, async (event, actor) => {
    const input = jsonBody(event, NewCampaignInput, { maxBytes: CAMPAIGN_BODY_BYTES });
    return answer(201, orRefuse(await createCampaign(actor, input, now())));
  }),

  get: authorized(READ, async (event) => answer(200, await getCampaign(campaignId(event)))),

  /** Drafts only (409 otherwise). */
  update: authorized(WRITE, async (event, actor) => {
    const id = campaignId(event);
    const changes = jsonBody(event, CampaignChangesInput, { maxBytes: CAMPAIGN_BODY_BYTES });
    return answer(200, orRefuse(await updateCampaign(actor, id, changes, now())));
  }),

  /** One test mail of the campaign as it is now, marked "[Test]"; each request sends one (409 for an address Hearth does not mail). */
  test: authorized(WRITE, async (event, actor) => {
    const id = campaignId(event);
    const { to } = jsonBody(event, TestCampaign);
    return json(200, { outcome: orRefuse(await sendTestMail(actor, id, to, now())), to });
  }),

  /** Now (no `at`, or a time past) or at `at`; an empty audience is 409 and nothing is sent. */
  send: authorized(WRITE, async (event, actor) => {
    const id = campaignId(event);
    const input = jsonBody(event, SendCampaign, { optional: true });
    return answer(202, orRefuse(await sendCampaign(actor, id, now(), input.at ? new Date(input.at) : undefined)).campaign);
  }),

  /** Before sending (draft, scheduled) or while paused; 409 once sending or sent. */
  cancel: authorized(WRITE, async (event, actor) => answer(200, orRefuse(await cancelCampaign(actor, campaignId(event), now())))),

  /** A paused campaign goes on; 409 otherwise. */
  resume: authorized(WRITE, async (event, actor) => answer(200, orRefuse(await resumeCampaign(actor, campaignId(event), now())))),

  /** Each recipient's state and reason, a page at a time: `?state=queued|sent|suppressed|failed&limit=…&cursor=…`. */
  recipients: authorized(WRITE, async (event) => {
    const id = campaignId(event);
    const query = RecipientQuery.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw invalid(query.error);
    return json(200, orRefuse(await campaignRecipients(id, query.data)));
  }),
});
