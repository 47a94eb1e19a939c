import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignState, createTopic, draftCampaign, importSubscribers, recipientsOf, waitForCampaign } from '../support/campaigns';
import { clockNow, devSchedules, setClock } from '../support/clock';
import { api, createApiKey, form, mails, mailsTo, tokenLinkIn } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Campaign delivery end to end through the local runtime: the audience planned page by page,
 * batches sent at the allowed rate, every recipient final and counted once, whatever the bus
 * repeats or fails, SES throttling retried, the campaign pausing by itself on bounces, and
 * scheduling through the one clock.
 */
const people = (count: number, prefix: string, topics?: string[]) =>
  Array.from({ length: count }, (_, i) => ({ email: `${prefix}-${i}@example.org`, ...(i % 3 === 0 ? { displayName: `Member ${i}` } : {}), ...(topics ? { topics } : {}) }));

const byRecipient = (all: Awaited<ReturnType<typeof mails>>, subject: string) => {
  const counts = new Map<string, number>();
  for (const mail of all) if (mail.subject === subject) for (const to of mail.destination.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};

describe('campaign delivery with duplicate deliveries, failed attempts and refused DynamoDB calls (chaos)', () => {
  let hearth: LocalHandle;
  let key: string;

  beforeAll(async () => {
    hearth = await startLocal({ chaosDuplicate: 0.5, chaosFailure: 0.3, chaosDynamodb: 0.1, env: { HEARTH_SES_MAX_SEND_RATE: '1000' } });
    key = await createApiKey(hearth);
  }, 120_000);
  afterAll(async () => {
    await hearth?.stop();
  });

  it('sends a campaign to 500 subscribers each exactly once; every recipient final, counts add up', async () => {
    await createTopic(hearth, key, 'funding');
    const output = await importSubscribers(hearth, people(500, 'chaos', ['funding']));
    expect(output).toMatch(/500/);
    const id = await draftCampaign(hearth, key, { subject: 'Funding update for you', topics: ['funding'] });
    const sent = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key);
    expect(sent.status, sent.text).toBe(202);

    const state = await waitForCampaign(hearth, key, id, ['sent'], 180_000);
    expect(state.counts).toMatchObject({ recipients: 500, queued: 0, sent: 500, suppressed: 0, failed: 0 });

    const received = byRecipient(await mails(hearth), 'Funding update for you');
    expect(received.size).toBe(500);
    expect([...received.values()].every((count) => count === 1)).toBe(true);

    expect(await recipientsOf(hearth, key, id, 'sent')).toHaveLength(500);
    expect(await recipientsOf(hearth, key, id, 'queued')).toHaveLength(0);
    expect((await hearth.bus()).deadLetters).toEqual([]);
    expect(await hearth.dynamoRefusals()).toBeGreaterThan(0);
  }, 240_000);
});

const perSecond = (all: Awaited<ReturnType<typeof mails>>) => {
  const seconds = new Map<number, number>();
  for (const mail of all) seconds.set(mail.at, (seconds.get(mail.at) ?? 0) + 1);
  return seconds;
};

describe('campaign throttling by SES', () => {
  let hearth: LocalHandle;
  let key: string;

  beforeAll(async () => {
    // Hearth is told it may send 40 a second, but the local SES account allows 10 and refuses the
    // rest with 429 TooManyRequestsException, as SES does when the maximum sending rate is exceeded.
    hearth = await startLocal({ env: { HEARTH_SES_MAX_SEND_RATE: '40', HEARTH_SES_ACCOUNT_MAX_RATE: '10' } });
    key = await createApiKey(hearth);
  }, 120_000);
  afterAll(async () => {
    await hearth?.stop();
  });

  it('retries throttled sends with backoff and drops nothing', async () => {
    await createTopic(hearth, key, 'throttled');
    await importSubscribers(hearth, people(80, 'throttled', ['throttled']));
    const id = await draftCampaign(hearth, key, { subject: 'Throttled but delivered', topics: ['throttled'] });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key)).status).toBe(202);
    const state = await waitForCampaign(hearth, key, id, ['sent'], 120_000);
    expect(state.counts).toMatchObject({ recipients: 80, sent: 80, failed: 0, queued: 0 });
    const all = (await mails(hearth)).filter((mail) => mail.subject === 'Throttled but delivered');
    expect(new Set(all.map((mail) => mail.destination.to[0])).size).toBe(80);
    expect(all).toHaveLength(80);
    // Throttling happened (Hearth tried faster than SES allowed), and every throttled send was retried.
    expect(hearth.output()).toMatch(/SES throttled a send/);
    expect((await hearth.bus()).deadLetters).toEqual([]);
  }, 180_000);
});

describe('campaign pacing, auto-pause and scheduling', () => {
  let hearth: LocalHandle;
  let key: string;

  beforeAll(async () => {
    hearth = await startLocal({ env: { HEARTH_SES_MAX_SEND_RATE: '20' } });
    key = await createApiKey(hearth);
  }, 120_000);
  afterAll(async () => {
    await hearth?.stop();
  });

  it('never sends more than 20 in any one-second window of the SES log', async () => {
    await createTopic(hearth, key, 'events');
    await importSubscribers(hearth, people(120, 'paced', ['events']));
    await hearth.clearMails();
    const id = await draftCampaign(hearth, key, { subject: 'Events this month', topics: ['events'] });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key)).status).toBe(202);
    const state = await waitForCampaign(hearth, key, id, ['sent'], 120_000);
    expect(state.counts).toMatchObject({ recipients: 120, sent: 120, failed: 0, queued: 0 });

    const all = (await mails(hearth)).filter((mail) => mail.subject === 'Events this month');
    expect(all).toHaveLength(120);
    const seconds = perSecond(all);
    expect(Math.max(...seconds.values())).toBeLessThanOrEqual(20);
    expect((await hearth.bus()).deadLetters).toEqual([]);
  }, 180_000);

  it('pauses by itself when too many mails bounce, says why, and finishes when resumed', async () => {
    await createTopic(hearth, key, 'policy');
    // 30 of 300 addresses bounce (SES mailbox simulator): 10%, over the 4% limit once 200 are sent.
    const rows = people(300, 'bouncy', ['policy']).map((row, i) => (i % 10 === 5 ? { ...row, email: `bounce+${i}@simulator.amazonses.com` } : row));
    await importSubscribers(hearth, rows);
    const id = await draftCampaign(hearth, key, { subject: 'Policy brief', topics: ['policy'] });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key)).status).toBe(202);
    const paused = await waitForCampaign(hearth, key, id, ['paused', 'sent'], 120_000);
    expect(paused.campaign.status).toBe('paused');
    expect(paused.campaign.pausedReason).toMatch(/bounced/);
    expect(paused.counts.sent).toBeGreaterThanOrEqual(200);
    expect(paused.counts.queued).toBeGreaterThan(0);
    const queued = await recipientsOf(hearth, key, id, 'queued');
    expect(queued).toHaveLength(paused.counts.queued);

    // Resumed, it sends the rest; the bounced addresses are suppressed from now on.
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/resume`, {}, key)).status).toBe(200);
    const done = await waitForCampaign(hearth, key, id, ['sent', 'paused'], 120_000);
    expect(done.counts.queued).toBe(0);
    expect(done.counts.sent + done.counts.suppressed + done.counts.failed).toBe(300);
  }, 240_000);

  it('closes the unsent recipients of a paused campaign that is cancelled as failed, with the reason', async () => {
    await createTopic(hearth, key, 'stopped');
    const rows = people(240, 'stopped', ['stopped']).map((row, i) => (i % 8 === 3 ? { ...row, email: `bounce+s${i}@simulator.amazonses.com` } : row));
    await importSubscribers(hearth, rows);
    const id = await draftCampaign(hearth, key, { subject: 'Stopped brief', topics: ['stopped'] });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, {}, key)).status).toBe(202);
    const paused = await waitForCampaign(hearth, key, id, ['paused', 'sent'], 120_000);
    expect(paused.campaign.status).toBe('paused');
    expect(paused.counts.queued).toBeGreaterThan(0);

    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/cancel`, {}, key)).status).toBe(200);
    await hearth.waitForIdle(60_000);
    const cancelled = await campaignState(hearth, key, id);
    expect(cancelled.campaign.status).toBe('cancelled');
    expect(cancelled.counts).toMatchObject({ recipients: 240, queued: 0, sent: paused.counts.sent, failed: paused.counts.queued });
    const failed = await recipientsOf(hearth, key, id, 'failed');
    expect(failed).toHaveLength(paused.counts.queued);
    expect(failed.every((recipient) => /cancelled/.test(recipient.reason ?? ''))).toBe(true);
  }, 180_000);

  it('subscribe → confirm → campaign with its headers, body and footer → one-click unsubscribe → nothing more', async () => {
    await createTopic(hearth, key, 'e2e');
    const address = 'robin-e2e@example.org';
    const joined = await api(hearth, 'POST', '/api/subscribers', { email: address, displayName: 'Robin', topics: ['e2e'], consent: true });
    expect(joined.status).toBe(202);
    await hearth.waitForIdle();
    const [confirmation] = await mailsTo(hearth, address);
    const confirmLink = tokenLinkIn(confirmation!, '/subscribe/confirm');
    expect((await form(hearth, '/subscribe/confirm', { token: new URL(confirmLink).searchParams.get('token')! })).status).toBe(200);

    const first = await draftCampaign(hearth, key, { subject: 'Budget vote on Tuesday', topics: ['e2e'] });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${first}/send`, {}, key)).status).toBe(202);
    await waitForCampaign(hearth, key, first, ['sent']);
    const [mail] = await mailsTo(hearth, address, 'Budget vote on Tuesday');
    expect(mail).toBeDefined();
    const headers = new Map((mail!.headers ?? []).map((header) => [header.name.toLowerCase(), header.value]));
    const unsubscribe = /^<(https?:\/\/[^>]+\/unsubscribe\?token=[^>]+)>$/.exec(headers.get('list-unsubscribe') ?? '')?.[1];
    expect(unsubscribe).toBeDefined();
    expect(headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const text = mail!.body.text ?? '';
    expect(text).toContain('Hello Robin');
    expect(text).toContain('/preferences?token=');
    expect(text).toContain(unsubscribe!);
    expect(text).toMatch(/Sent by .+, .+\./);
    expect(text).toContain('Need help now?');
    expect(mail!.body.html).toContain('<strong>Tuesday</strong>');
    expect(mail!.body.html).not.toMatch(/<script/i);

    // A GET of the unsubscribe link shows a button and changes nothing: the next campaign still arrives.
    const opened = await fetch(unsubscribe!, { redirect: 'manual' });
    expect(opened.status).toBe(200);
    expect(await opened.text()).toMatch(/<button/);
    const second = await draftCampaign(hearth, key, { subject: 'Second note', topics: ['e2e'] });
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${second}/send`, {}, key)).status).toBe(202);
    await waitForCampaign(hearth, key, second, ['sent']);
    expect(await mailsTo(hearth, address, 'Second note')).toHaveLength(1);

    // One click: a POST without a body, no cookies, answers 200 without a redirect; again with the body is harmless.
    const clicked = await fetch(unsubscribe!, { method: 'POST', redirect: 'manual' });
    expect(clicked.status).toBe(200);
    expect(clicked.headers.get('location')).toBeNull();
    const again = await fetch(unsubscribe!, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(again.status).toBe(200);
    expect((await campaignState(hearth, key, first)).counts.unsubscribed).toBe(1);

    // Nothing more for that address: the topic's audience is empty now, and nothing is sent.
    const third = await draftCampaign(hearth, key, { subject: 'Third note', topics: ['e2e'] });
    const refused = await api(hearth, 'POST', `/api/organizer/campaigns/${third}/send`, {}, key);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/nothing was sent/i);
    await hearth.waitForIdle();
    expect(await mailsTo(hearth, address, 'Third note')).toHaveLength(0);
  }, 120_000);

  it('sends a scheduled campaign when the clock reaches its time, not before', async () => {
    await createTopic(hearth, key, 'scheduled');
    await importSubscribers(hearth, people(12, 'later', ['scheduled']));
    const id = await draftCampaign(hearth, key, { subject: 'Save the date', topics: ['scheduled'] });
    const at = new Date(Date.parse(await clockNow(hearth)) + 2 * 3600_000);
    at.setUTCSeconds(0, 0);
    const scheduled = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: at.toISOString() }, key);
    expect(scheduled.status, scheduled.text).toBe(202);
    await hearth.waitForIdle();
    expect((await campaignState(hearth, key, id)).campaign.status).toBe('scheduled');
    expect(await devSchedules(hearth)).toContainEqual(expect.objectContaining({ name: `campaign-${id}`, at: at.toISOString() }));

    await setClock(hearth, new Date(at.getTime() - 60_000).toISOString());
    expect((await campaignState(hearth, key, id)).campaign.status).toBe('scheduled');
    await setClock(hearth, new Date(at.getTime() + 1_000).toISOString());
    const state = await waitForCampaign(hearth, key, id, ['sent'], 60_000);
    expect(state.counts).toMatchObject({ recipients: 12, sent: 12 });
  }, 180_000);
});
