import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedSubscriber } from '../support/campaigns';
import { devSchedules } from '../support/clock';
import { api, createApiKey, mailsTo } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * The organizer API for campaigns against the local runtime: validation paths, drafts, test sends
 * (read from the SES emulator), sending and scheduling (the schedule in GET /dev/schedules),
 * cancelling, resuming. The delivery of a campaign is the delivery engine's test.
 */
let hearth: LocalHandle;
let key: string;

const schedules = () => devSchedules(hearth);

const topic = async (name: string) => {
  const created = await api(hearth, 'POST', '/api/organizer/topics', { name }, key);
  expect(created.status, created.text).toBe(201);
  return created.json.topic as { slug: string; name: string };
};

let counter = 0;
const draft = async (overrides: Record<string, unknown> = {}) => {
  counter += 1;
  const created = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: `Write to the council ${counter}`, bodyMarkdown: 'Hello {{ name | "friend" }},\n\nPlease **write** to the [council](https://council.example.org).', ...overrides }, key);
  expect(created.status, created.text).toBe(201);
  return created.json.campaign as { id: string; status: string; topics: string[] };
};

beforeAll(async () => {
  hearth = await startLocal({ env: { HEARTH_ORG_POSTAL_ADDRESS: '12 Example Street, Springfield' } });
  key = await createApiKey(hearth);
  await topic('Funding');
  await topic('Policy');
  await topic('Events');
  await confirmedSubscriber(hearth, 'funding-fan@example.org', ['Funding']);
});

afterAll(async () => {
  await hearth?.stop();
});

describe('the campaigns API without a key', () => {
  it('answers 401 on every route and changes nothing', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/organizer/campaigns'],
      ['POST', '/api/organizer/campaigns', { subject: 'x', bodyMarkdown: 'y' }],
      ['GET', '/api/organizer/campaigns/abc'],
      ['PATCH', '/api/organizer/campaigns/abc', { subject: 'x' }],
      ['POST', '/api/organizer/campaigns/abc/test', { to: 'a@example.org' }],
      ['POST', '/api/organizer/campaigns/abc/send'],
      ['POST', '/api/organizer/campaigns/abc/cancel'],
      ['POST', '/api/organizer/campaigns/abc/resume'],
      ['GET', '/api/organizer/campaigns/abc/recipients'],
      ['POST', '/api/organizer/topics', { name: 'Sneaky' }],
    ];
    for (const [method, path, body] of routes) {
      const response = await api(hearth, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(401);
      const wrong = await api(hearth, method, path, body, 'hearth_not-a-key');
      expect(wrong.status, `${method} ${path} with a wrong key`).toBe(401);
    }
    const list = await api(hearth, 'GET', '/api/organizer/campaigns', undefined, key);
    expect(list.json.campaigns).toEqual([]);
  });
});

describe('drafts', () => {
  it('creates a draft with topics by name, answers it with zero counts, and lists it', async () => {
    const created = await api(
      hearth,
      'POST',
      '/api/organizer/campaigns',
      { subject: '  Budget vote on Thursday  ', bodyMarkdown: '# Hi {{name}}\n\nCome along.', topics: ['funding', 'POLICY'] },
      key,
    );
    expect(created.status, created.text).toBe(201);
    const { campaign, counts } = created.json;
    expect(campaign).toMatchObject({ subject: 'Budget vote on Thursday', status: 'draft', topics: ['Funding', 'Policy'], planned: false });
    expect(campaign.createdBy).toMatch(/^api-key:/);
    expect(counts).toEqual({ recipients: 0, queued: 0, sent: 0, suppressed: 0, failed: 0, unsubscribed: 0, bounced: 0, complained: 0 });

    const got = await api(hearth, 'GET', `/api/organizer/campaigns/${campaign.id}`, undefined, key);
    expect(got.status).toBe(200);
    expect(got.json.campaign).toEqual(campaign);

    const list = await api(hearth, 'GET', '/api/organizer/campaigns', undefined, key);
    expect(list.json.campaigns.map((c: { id: string }) => c.id)).toContain(campaign.id);
  });

  it('refuses bad input with field-level messages', async () => {
    const cases: [unknown, string, number?][] = [
      [{ subject: 'Line one\r\nBcc: everyone@example.org', bodyMarkdown: 'x' }, 'subject'],
      [{ subject: 'Tab\tinside', bodyMarkdown: 'x' }, 'subject'],
      [{ subject: 'Separator\u2028inside', bodyMarkdown: 'x' }, 'subject'],
      [{ subject: '   ', bodyMarkdown: 'x' }, 'subject'],
      [{ subject: 'x'.repeat(201), bodyMarkdown: 'x' }, 'subject'],
      [{ subject: 'Fine', bodyMarkdown: '   \n ' }, 'bodyMarkdown'],
      [{ subject: 'Fine', bodyMarkdown: 'x'.repeat(50_001) }, 'bodyMarkdown'],
      [{ subject: 'Fine', bodyMarkdown: 'null \u0000 byte' }, 'bodyMarkdown'],
      [{ subject: 'Fine', bodyMarkdown: 'x', topics: ['Funding', 'Gardening', 'Knitting'] }, 'topics'],
      [{ subject: 'Fine', bodyMarkdown: 'x', topics: 'Funding' }, 'topics'],
      [{ subject: 'Fine', bodyMarkdown: 'x', extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const response = await api(hearth, 'POST', '/api/organizer/campaigns', body, key);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(Object.keys(response.json.error.fields ?? {}), JSON.stringify(body).slice(0, 80)).toContain(field);
    }
    const unknown = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'Fine', bodyMarkdown: 'x', topics: ['Funding', 'Gardening', 'Knitting'] }, key);
    expect(unknown.json.error.fields.topics).toBe('Unknown topics: Gardening, Knitting');
    const notJson = await api(hearth, 'POST', '/api/organizer/campaigns', '{"subject": ', key);
    expect(notJson.status).toBe(400);
    const list = await api(hearth, 'GET', '/api/organizer/campaigns', undefined, key);
    expect(list.json.campaigns.some((c: { subject: string }) => c.subject === 'Fine')).toBe(false);
  });

  it('takes a message of the full 50,000 characters in any script, and answers one character more with the field', async () => {
    // 50,000 Cyrillic, Devanagari or emoji characters are 100–200 KB of JSON, more than other bodies may be.
    for (const letter of ['щ', 'क', '🌱']) {
      const body = letter.repeat(50_000 / letter.length);
      const created = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: `Long ${letter}`, bodyMarkdown: body }, key);
      expect(created.status, letter).toBe(201);
      expect(created.json.campaign.bodyMarkdown).toBe(body);
      const changed = await api(hearth, 'PATCH', `/api/organizer/campaigns/${created.json.campaign.id}`, { bodyMarkdown: `${body.slice(letter.length)}!` }, key);
      expect(changed.status, letter).toBe(200);
    }
    const tooLong = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'Too long', bodyMarkdown: 'щ'.repeat(50_001) }, key);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error.fields.bodyMarkdown).toBe('At most 50,000 characters');
    // A body far beyond any message is refused before it is read, with the limit.
    const huge = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'Huge', bodyMarkdown: 'x'.repeat(700 * 1024) }, key);
    expect(huge.status).toBe(413);
    expect(huge.json.error.message).toBe('The request body is larger than 650 KB');
    // Other routes keep the small default.
    const topic = await api(hearth, 'POST', '/api/organizer/topics', { name: 'x'.repeat(70 * 1024) }, key);
    expect(topic.status).toBe(413);
    expect((await api(hearth, 'GET', '/api/organizer/campaigns', undefined, key)).json.campaigns.some((c: { subject: string }) => ['Too long', 'Huge'].includes(c.subject))).toBe(false);
  });

  it('edits a draft (PATCH), validating like creation; topics [] means the whole list', async () => {
    const { id } = await draft({ topics: ['Funding'] });
    const changed = await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, { subject: 'New words', topics: [] }, key);
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.campaign).toMatchObject({ subject: 'New words', topics: [], status: 'draft' });
    expect((await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, {}, key)).status).toBe(400);
    const bad = await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, { subject: 'a\nb' }, key);
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.subject).toMatch(/one line/);
    expect((await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, { topics: ['Nope'] }, key)).json.error.fields.topics).toBe('Unknown topic: Nope');
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key)).json.campaign.subject).toBe('New words');
  });

  it('refuses a merge field in a link, an image or an HTML attribute (400 on bodyMarkdown), stores nothing, and takes one in text', async () => {
    const message = "Use merge fields such as {{ name }} in text only (a link's words are fine): not in a link's address, an image or an HTML attribute, where a name would end up in a URL";
    const before = (await api(hearth, 'GET', '/api/organizer/campaigns', undefined, key)).json.campaigns.length;
    for (const bodyMarkdown of [
      'Your [page](https://example.org/people/{{ name }}).',
      '![Hello](https://example.org/{{ name | "friend" }}.png)',
      'See https://example.org/?who={{name}} today',
      '<a href="https://example.org/{{ name }}">your page</a>',
      '<p data-who="{{ name }}">Hello</p>',
    ]) {
      const created = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'Merge in a link', bodyMarkdown }, key);
      expect(created.status, bodyMarkdown).toBe(400);
      expect(created.json.error.fields, bodyMarkdown).toEqual({ bodyMarkdown: message });
    }
    expect((await api(hearth, 'GET', '/api/organizer/campaigns', undefined, key)).json.campaigns).toHaveLength(before);

    const { id } = await draft({ bodyMarkdown: 'Dear {{ name }}, [write, {{ name }}](https://council.example.org).' });
    const changed = await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, { bodyMarkdown: '[Yours](https://example.org/{{ name }})' }, key);
    expect(changed.status).toBe(400);
    expect(changed.json.error.fields).toEqual({ bodyMarkdown: message });
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key)).json.campaign.bodyMarkdown).toBe('Dear {{ name }}, [write, {{ name }}](https://council.example.org).');
  });

  it('answers 404 for campaigns that do not exist, and for ids that cannot be one', async () => {
    for (const id of ['7c0e3e53-0000-4000-8000-000000000000', 'not%20an%20id', 'x'.repeat(101)]) {
      expect((await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key)).status, id).toBe(404);
      expect((await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, { subject: 'x' }, key)).status, id).toBe(404);
      expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, undefined, key)).status, id).toBe(404);
    }
  });
});

describe('test sends', () => {
  it('sends one test mail per request, marked as a test, with links that belong to nobody', async () => {
    const { id } = await draft({ subject: 'Rally for peer support', topics: ['Funding'] });
    const to = 'organizer-inbox@example.org';
    for (let i = 0; i < 2; i++) {
      const sent = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/test`, { to }, key);
      expect(sent.status, sent.text).toBe(200);
      expect(sent.json).toEqual({ outcome: 'sent', to });
    }
    const mails = await mailsTo(hearth, to);
    expect(mails).toHaveLength(2);
    const [mail] = mails;
    expect(mail!.subject).toBe('[Test] Rally for peer support');
    expect(mail!.body.text).toContain('TEST: This is a test of a campaign mail.');
    expect(mail!.body.text).toContain('Hello friend,');
    expect(mail!.body.text).toContain('Please write to the council (https://council.example.org).');
    expect(mail!.body.text).toContain('You get this because you joined the mailing list of');
    expect(mail!.body.text).toContain('chose the topics Funding.');
    expect(mail!.body.text).toContain('12 Example Street, Springfield');
    expect(mail!.body.html).toContain('<strong>write</strong>');
    const header = (name: string) => mail!.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
    expect(header('List-Unsubscribe')).toMatch(/^<http:\/\/[^>]+\/unsubscribe\?token=[^>]+>$/);
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    // The test mail's one-click unsubscribe changes nobody's subscription.
    const unsubscribe = header('List-Unsubscribe')!.slice(1, -1);
    const path = new URL(unsubscribe).pathname + new URL(unsubscribe).search;
    await fetch(`${hearth.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key)).json.counts.unsubscribed).toBe(0);
  });

  it('refuses a bad address and an address Hearth does not mail, sending nothing', async () => {
    const { id } = await draft();
    const bad = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/test`, { to: 'not an address' }, key);
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.to).toBeDefined();
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/test`, {}, key)).status).toBe(400);
    // The mailbox simulator's bounce address, once bounced, is suppressed.
    const bounce = 'bounce@simulator.amazonses.com';
    await api(hearth, 'POST', `/api/organizer/campaigns/${id}/test`, { to: bounce }, key);
    await hearth.waitForIdle();
    const before = (await mailsTo(hearth, bounce)).length;
    const suppressed = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/test`, { to: bounce }, key);
    expect(suppressed.status, suppressed.text).toBe(409);
    expect(suppressed.json.error.fields.to).toMatch(/does not mail this address/);
    expect((await mailsTo(hearth, bounce)).length).toBe(before);
  });
});

describe('sending and scheduling', () => {
  it('refuses an empty audience with a clear message and sends nothing', async () => {
    const { id } = await draft({ topics: ['Events'] });
    const refused = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, undefined, key);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toBe('No confirmed subscriber matches the topics Events, so nothing was sent.');
    const later = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: new Date(Date.now() + 86_400_000).toISOString() }, key);
    expect(later.status).toBe(409);
    const got = await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key);
    expect(got.json.campaign.status).toBe('draft');
    expect((await schedules()).some((s) => s.name.includes(id))).toBe(false);
  });

  it('validates the time: an ISO 8601 instant with an offset, within a year', async () => {
    const { id } = await draft({ topics: ['Funding'] });
    for (const at of ['tomorrow', '2030-01-01T10:00:00', 12]) {
      const response = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at }, key);
      expect(response.status, String(at)).toBe(400);
      expect(response.json.error.fields.at).toBeDefined();
    }
    const tooFar = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: '2099-01-01T10:00:00Z' }, key);
    expect(tooFar.status).toBe(400);
    expect(tooFar.json.error.fields.at).toMatch(/within 366 days/);
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: '2030-01-01T10:00:00Z', now: true }, key)).status).toBe(400);
  });

  it('schedules a campaign (a one-time schedule appears), and cancelling removes the schedule', async () => {
    const { id } = await draft({ topics: ['Funding'] });
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCSeconds(0, 0);
    const scheduled = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: at.toISOString() }, key);
    expect(scheduled.status, scheduled.text).toBe(202);
    expect(scheduled.json.campaign).toMatchObject({ status: 'scheduled', scheduledAt: at.toISOString() });
    await hearth.waitForIdle();
    const mine = (await schedules()).filter((s) => s.name.includes(id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ at: at.toISOString(), detailType: 'Campaign Send Due' });

    // The same request again is the same schedule; a draft-only edit is refused.
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: at.toISOString() }, key)).status).toBe(202);
    expect((await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, { subject: 'Too late' }, key)).status).toBe(409);
    const other = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, undefined, key);
    expect(other.status).toBe(409);
    expect(other.json.error.message).toMatch(/scheduled/);

    const cancelled = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/cancel`, undefined, key);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json.campaign.status).toBe('cancelled');
    expect(cancelled.json.campaign.cancelledAt).toBeDefined();
    await hearth.waitForIdle();
    expect((await schedules()).filter((s) => s.name.includes(id))).toEqual([]);
    // Cancelling again is harmless; sending a cancelled campaign is not possible.
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/cancel`, undefined, key)).status).toBe(200);
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, undefined, key)).status).toBe(409);
  });

  it('sends now: the campaign is sending, and can no longer be edited, cancelled or resumed', async () => {
    const { id } = await draft({ topics: ['Funding'] });
    const resumeDraft = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/resume`, undefined, key);
    expect(resumeDraft.status).toBe(409);
    expect(resumeDraft.json.error.message).toBe('This campaign is a draft, so it cannot be resumed. Nothing was changed.');

    const sent = await api(hearth, 'POST', `/api/organizer/campaigns/${id}/send`, { at: new Date(Date.now() - 60_000).toISOString() }, key);
    expect(sent.status, sent.text).toBe(202);
    expect(sent.json.campaign.status).toBe('sending');
    expect(sent.json.campaign.startedAt).toBeDefined();
    expect((await api(hearth, 'PATCH', `/api/organizer/campaigns/${id}`, { subject: 'Changed' }, key)).status).toBe(409);
    expect((await api(hearth, 'POST', `/api/organizer/campaigns/${id}/cancel`, undefined, key)).status).toBe(409);
    await hearth.waitForIdle();
    const after = await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key);
    expect(['sending', 'sent']).toContain(after.json.campaign.status);
    expect(Object.keys(after.json.counts).sort()).toEqual(['bounced', 'complained', 'failed', 'queued', 'recipients', 'sent', 'suppressed', 'unsubscribed']);
  });

  it('lists recipients by state, validating the query', async () => {
    const { id } = await draft();
    const empty = await api(hearth, 'GET', `/api/organizer/campaigns/${id}/recipients?state=queued`, undefined, key);
    expect(empty.status, empty.text).toBe(200);
    expect(empty.json).toEqual({ recipients: [], cursor: null });
    const bad = await api(hearth, 'GET', `/api/organizer/campaigns/${id}/recipients?state=lost&limit=0`, undefined, key);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['limit', 'state']);
    expect((await api(hearth, 'GET', `/api/organizer/campaigns/${id}/recipients?cursor=garbage`, undefined, key)).status).toBe(400);
    expect((await api(hearth, 'GET', '/api/organizer/campaigns/7c0e3e53-0000-4000-8000-000000000000/recipients', undefined, key)).status).toBe(404);
  });
});

describe('topics', () => {
  it('creates a topic (201), refuses a duplicate (409) and a bad name (400)', async () => {
    const created = await api(hearth, 'POST', '/api/organizer/topics', { name: 'Housing' }, key);
    expect(created.status).toBe(201);
    expect(created.json.topic).toMatchObject({ slug: 'housing', name: 'Housing' });
    expect((await api(hearth, 'POST', '/api/organizer/topics', { name: 'HOUSING!' }, key)).status).toBe(409);
    const bad = await api(hearth, 'POST', '/api/organizer/topics', { name: '<b>' }, key);
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.name).toBeDefined();
  });
});
