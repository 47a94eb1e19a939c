import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignKey } from '../../shared/campaigns/keys';
import { addOrganizer, csrfOf, get, post, signIn } from '../support/console';
import { confirmedSubscriber } from '../support/campaigns';
import { devSchedules } from '../support/clock';
import { api, createApiKey, mailsTo } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';
import { textOfId } from '../unit/web/html';

/**
 * The console's campaign pages against the local runtime, driven as a browser does: form posts with
 * the Origin header, the session cookie and the CSRF token from the page. Subscribers join through
 * the public API and confirm through the mailed link; mails are read from the SES emulator.
 */
let hearth: LocalHandle;
let documents: DynamoDBDocumentClient;
let key: string;
let cookie: string;
let csrf: string;
const lead = 'campaign-lead@example.org';

const html = async (path: string) => {
  const response = await get(hearth, path, cookie);
  return { status: response.status, html: await response.text(), headers: response.headers };
};

const submit = async (path: string, fields: Record<string, string>, options: { origin?: string | null } = {}) => {
  const response = await post(hearth, path, { csrf, ...fields }, { cookie, ...options });
  return { status: response.status, location: response.headers.get('location'), html: await response.text(), headers: response.headers };
};

const allItems = async () => (await documents.send(new ScanCommand({ TableName: hearth.tableName, ConsistentRead: true }))).Items ?? [];
const campaigns = async () => (await allItems()).filter((item) => item.sk === 'CAMPAIGN');
const auditActions = async (target: string) =>
  (await allItems())
    .filter((item) => String(item.pk).startsWith('AUDIT#') && item.target === target)
    .sort((a, b) => String(a.at).localeCompare(String(b.at)))
    .map((item) => item.action);
const schedules = () => devSchedules(hearth);

let drafts = 0;
/** Saves a draft through the form; answers its id. */
const saveDraft = async (fields: Record<string, string> = {}) => {
  drafts += 1;
  const draftId = crypto.randomUUID();
  const response = await submit('/console/campaigns', { draftId, subject: `Council vote ${drafts}`, bodyMarkdown: 'Hello {{ name }},\n\nPlease **write**.', action: 'save', ...fields });
  expect(response.status, response.html.slice(0, 500)).toBe(303);
  expect(response.location).toBe(`/console/campaigns/${draftId}?done=created`);
  return draftId;
};

beforeAll(async () => {
  hearth = await startLocal({ env: { HEARTH_ORG_POSTAL_ADDRESS: '12 Example Street, Springfield' } });
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  key = await createApiKey(hearth);
  for (const name of ['Funding', 'Events']) expect((await api(hearth, 'POST', '/api/organizer/topics', { name }, key)).status).toBe(201);
  await confirmedSubscriber(hearth, 'reader@example.org', ['Funding']);
  await addOrganizer(hearth, lead, 'organizer');
  cookie = await signIn(hearth, lead);
  csrf = await csrfOf(hearth, cookie);
});

afterAll(async () => {
  await hearth?.stop();
});

describe('who may use the campaign pages', () => {
  it('sends someone without a session to sign in, and refuses forms without the Origin or the CSRF token', async () => {
    for (const path of ['/console/campaigns', '/console/campaigns/new', '/console/campaigns/7c0e3e53-0000-4000-8000-000000000000', '/console/campaigns/7c0e3e53-0000-4000-8000-000000000000/progress']) {
      const response = await get(hearth, path);
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location')).toBe('/console/sign-in');
    }
    const fields = { subject: 'Sneaky', bodyMarkdown: 'x', action: 'save', draftId: crypto.randomUUID() };
    expect((await submit('/console/campaigns', fields, { origin: null })).status).toBe(403);
    expect((await submit('/console/campaigns', fields, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(hearth, '/console/campaigns', { ...fields, csrf: 'wrong' }, { cookie })).status).toBe(403);
    expect((await post(hearth, '/console/campaigns', { ...fields, csrf }, {})).status).toBe(303);
    const id = await saveDraft();
    for (const action of ['', '/test', '/send', '/cancel', '/resume']) {
      expect((await submit(`/console/campaigns/${id}${action}`, { to: lead, when: 'now' }, { origin: null })).status, action).toBe(403);
      expect((await post(hearth, `/console/campaigns/${id}${action}`, { csrf: 'wrong', to: lead, when: 'now' }, { cookie })).status, action).toBe(403);
    }
    expect((await campaigns()).map((item) => item.subject)).not.toContain('Sneaky');
    expect((await campaigns()).find((item) => item.id === id)?.status).toBe('draft');
    expect(await mailsTo(hearth, lead)).toHaveLength(1); // the sign-in link only
  });

  it('answers 404 for a campaign that does not exist', async () => {
    expect((await html('/console/campaigns/7c0e3e53-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await html('/console/campaigns/not-an-id!')).status).toBe(404);
  });
});

describe('writing a campaign', () => {
  it('offers the form with the topics, the Markdown hint and a policy without scripts', async () => {
    const page = await html('/console/campaigns/new');
    expect(page.status).toBe(200);
    expect(page.html).toContain('action="/console/campaigns"');
    expect(page.html).toContain('<label for="subject">Subject</label>');
    expect(page.html).toContain('<label for="bodyMarkdown">Message</label>');
    expect(page.html).toContain('<label for="topic-funding">Funding</label>');
    expect(page.html).toContain('<label for="topic-events">Events</label>');
    expect(textOfId(page.html, 'bodyMarkdown-hint')).toContain('{{ name | "friend" }}');
    expect(page.headers.get('content-security-policy')).not.toContain('script-src');
    expect(page.html).toMatch(/<a href="\/console\/campaigns" aria-current="page">Campaigns<\/a>/);
  });

  it('previews the mail under the form without saving anything, in a sandboxed frame the policy allows', async () => {
    const before = (await campaigns()).length;
    const draftId = crypto.randomUUID();
    const page = await submit('/console/campaigns', {
      draftId,
      subject: 'Rally on Friday',
      bodyMarkdown: '# Hi {{ name | "neighbour" }}\r\n\r\nJoin us. <script>alert(1)</script><img src=x onerror=alert(1)>',
      'topic:funding': 'on',
      action: 'preview',
    });
    expect(page.status).toBe(200);
    expect((await campaigns()).length).toBe(before);
    expect(page.html).toContain('value="Rally on Friday"');
    expect(page.html).toMatch(/<input type="checkbox" id="topic-funding" name="topic:funding" value="on" checked\/>/);
    expect(page.html).toContain(`name="draftId" value="${draftId}"`);
    expect(textOfId(page.html, 'preview-heading')).toBe('Preview');
    expect(page.html).toContain('It would go to 1 person on the list now.');
    const frame = /<iframe title="Preview of the email" sandbox srcdoc="([^"]*)"/.exec(page.html);
    expect(frame).not.toBeNull();
    const mail = frame![1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(mail).toContain('<h1>Hi neighbour</h1>');
    expect(mail).not.toMatch(/<script|onerror/);
    expect(mail).toContain('chose the topics Funding.');
    expect(mail).toContain('12 Example Street, Springfield');
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toMatch(/style-src-attr 'unsafe-hashes' 'sha256-/);
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain('script-src');
    expect(page.html).toContain('Plain-text version');
  });

  it('shows errors next to the fields, keeping what was typed', async () => {
    const page = await submit('/console/campaigns', { draftId: crypto.randomUUID(), subject: 'Two\nlines', bodyMarkdown: '', 'topic:gone': 'on', action: 'save' });
    expect(page.status).toBe(400);
    expect(page.html).toContain('There is a problem');
    expect(textOfId(page.html, 'subject-error')).toBe('Error: Must be on one line, without line breaks or control characters');
    expect(textOfId(page.html, 'bodyMarkdown-error')).toBe('Error: Required');
    expect(textOfId(page.html, 'topics-error')).toBe('Error: Unknown topic: gone');
    expect(page.html).toContain('value="Two\nlines"');
  });

  it('refuses a merge field in a link next to the message field, saving nothing, on save and on preview', async () => {
    const draftId = crypto.randomUUID();
    for (const action of ['save', 'preview']) {
      const page = await submit('/console/campaigns', { draftId, subject: 'Merge in a link', bodyMarkdown: 'Your [page](https://example.org/{{ name }})', action });
      expect(page.status, action).toBe(400);
      expect(textOfId(page.html, 'bodyMarkdown-error'), action).toBe(
        "Error: Use merge fields such as {{ name }} in text only (a link's words are fine): not in a link's address, an image or an HTML attribute, where a name would end up in a URL",
      );
    }
    expect((await campaigns()).filter((item) => item.subject === 'Merge in a link')).toEqual([]);
  });

  it('saves a draft once however often the form is sent, and audits it', async () => {
    const draftId = crypto.randomUUID();
    const fields = { draftId, subject: 'Save me once', bodyMarkdown: 'Body', action: 'save' };
    const first = await submit('/console/campaigns', fields);
    const second = await submit('/console/campaigns', fields);
    expect(first.location).toBe(`/console/campaigns/${draftId}?done=created`);
    expect(second.location).toBe(first.location);
    expect((await campaigns()).filter((item) => item.subject === 'Save me once')).toHaveLength(1);
    expect(await auditActions(draftId)).toEqual(['campaign-created']);
    const page = await html(first.location!);
    expect(page.status).toBe(200);
    expect(page.html).toContain('The draft is saved.');
    expect(page.html).toContain('<h1>Save me once</h1>');
  });

  it('saves a message of the full 50,000 characters in a non-Latin script from the form (about 300 KB URL-encoded)', async () => {
    const draftId = crypto.randomUUID();
    const body = 'щ'.repeat(50_000);
    const saved = await submit('/console/campaigns', { draftId, subject: 'Long letter', bodyMarkdown: body, action: 'save' });
    expect(saved.status).toBe(303);
    expect((await campaigns()).find((item) => item.id === draftId)?.bodyMarkdown).toBe(body);
    const changed = await submit(`/console/campaigns/${draftId}`, { subject: 'Long letter', bodyMarkdown: `${body.slice(1)}ж`, action: 'save' });
    expect(changed.status).toBe(303);
    expect((await campaigns()).find((item) => item.id === draftId)?.bodyMarkdown).toBe(`${body.slice(1)}ж`);
  });

  it('edits a draft: preview shows the changes unsaved, save stores them', async () => {
    const id = await saveDraft();
    const preview = await submit(`/console/campaigns/${id}`, { subject: 'Changed words', bodyMarkdown: 'New body', action: 'preview' });
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('They are not saved yet');
    expect((await campaigns()).find((item) => item.id === id)?.subject).not.toBe('Changed words');
    const saved = await submit(`/console/campaigns/${id}`, { subject: 'Changed words', bodyMarkdown: 'New body', 'topic:events': 'on', action: 'save' });
    expect(saved.location).toBe(`/console/campaigns/${id}?done=saved`);
    expect((await campaigns()).find((item) => item.id === id)).toMatchObject({ subject: 'Changed words', bodyMarkdown: 'New body', topics: ['events'] });
    expect(await auditActions(id)).toEqual(['campaign-created', 'campaign-updated']);
  });
});

describe('test sends', () => {
  it('sends one marked test per press to the address given, and says so without the address in the URL', async () => {
    const id = await saveDraft({ subject: 'Testing the waters', 'topic:funding': 'on' });
    const page = await html(`/console/campaigns/${id}`);
    expect(page.html).toContain(`value="${lead}"`);
    const to = 'proofreader@example.org';
    for (let i = 0; i < 2; i++) {
      const sent = await submit(`/console/campaigns/${id}/test`, { to });
      expect(sent.status).toBe(303);
      expect(sent.location).toBe(`/console/campaigns/${id}?done=test-sent`);
    }
    const mails = await mailsTo(hearth, to);
    expect(mails.map((mail) => mail.subject)).toEqual(['[Test] Testing the waters', '[Test] Testing the waters']);
    expect(mails[0]!.body.text).toContain('Hello friend,');
    expect(await auditActions(id)).toEqual(['campaign-created', 'campaign-test-sent', 'campaign-test-sent']);
  });

  it('refuses a bad address next to the field', async () => {
    const id = await saveDraft();
    const page = await submit(`/console/campaigns/${id}/test`, { to: 'nobody' });
    expect(page.status).toBe(400);
    expect(textOfId(page.html, 'to-error')).toMatch(/^Error: /);
    expect(page.html).toContain('value="nobody"');
  });
});

describe('sending and scheduling', () => {
  it('refuses to send to an empty audience with a clear message, nothing sent', async () => {
    const id = await saveDraft({ 'topic:events': 'on' });
    const page = await html(`/console/campaigns/${id}`);
    expect(page.html).toContain('No confirmed subscriber matches the topics chosen now');
    const refused = await submit(`/console/campaigns/${id}/send`, { when: 'now' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('No confirmed subscriber matches the topics Events, so nothing was sent.');
    expect((await campaigns()).find((item) => item.id === id)?.status).toBe('draft');
  });

  it('checks the schedule form: a real date and time, in the future, in a known zone', async () => {
    const id = await saveDraft({ 'topic:funding': 'on' });
    const cases: [Record<string, string>, string][] = [
      [{ date: '2030-02-30', time: '09:00', timezone: 'America/New_York' }, 'date'],
      [{ date: '2030-02-01', time: '25:00', timezone: 'America/New_York' }, 'time'],
      [{ date: '2030-02-01', time: '09:00', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ date: '2020-02-01', time: '09:00', timezone: 'America/New_York' }, 'time'],
      [{ date: '2030-03-10', time: '02:30', timezone: 'America/New_York' }, 'time'],
    ];
    for (const [fields, field] of cases) {
      const page = await submit(`/console/campaigns/${id}/send`, { when: 'later', ...fields });
      expect(page.status, JSON.stringify(fields)).toBe(400);
      expect(textOfId(page.html, `${field}-error`), JSON.stringify(fields)).toMatch(/^Error: /);
    }
    const neither = await submit(`/console/campaigns/${id}/send`, {});
    expect(neither.status).toBe(400);
    expect(neither.html).toContain('Choose “Send now” or a time to schedule it. Nothing was sent.');
    expect((await campaigns()).find((item) => item.id === id)?.status).toBe('draft');
  });

  it('schedules at a wall-clock time in the chosen zone (a one-time schedule appears), then cancels it', async () => {
    const id = await saveDraft({ 'topic:funding': 'on' });
    const year = new Date().getUTCFullYear() + 1;
    const scheduled = await submit(`/console/campaigns/${id}/send`, { when: 'later', date: `${year}-01-15`, time: '09:30', timezone: 'America/New_York' });
    expect(scheduled.location).toBe(`/console/campaigns/${id}?done=scheduled`);
    const at = `${year}-01-15T14:30:00.000Z`;
    expect((await campaigns()).find((item) => item.id === id)).toMatchObject({ status: 'scheduled', scheduledAt: at });
    await hearth.waitForIdle();
    expect((await schedules()).filter((s) => s.name.includes(id)).map((s) => s.at)).toEqual([at]);

    const page = await html(`/console/campaigns/${id}?done=scheduled`);
    expect(page.html).toContain('The campaign is scheduled.');
    expect(page.html).toContain(`January 15, ${year}, 9:30 AM Eastern Standard Time`);
    expect(page.html).toContain('Preview of the email');
    expect(page.html).toContain('Cancel the scheduled sending');
    expect(page.html).not.toContain(`action="/console/campaigns/${id}/send"`);

    const cancelled = await submit(`/console/campaigns/${id}/cancel`, {});
    expect(cancelled.location).toBe(`/console/campaigns/${id}?done=cancelled`);
    await hearth.waitForIdle();
    expect((await schedules()).filter((s) => s.name.includes(id))).toEqual([]);
    expect(await auditActions(id)).toEqual(['campaign-created', 'campaign-scheduled', 'campaign-cancelled']);
    const after = await html(`/console/campaigns/${id}`);
    expect(after.html).toContain('Copy into a new draft');
    const copy = await html(`/console/campaigns/new?copy=${id}`);
    expect(copy.html).toMatch(/<input type="text" id="subject" name="subject" required maxlength="200" value="Council vote \d+"/);
  });

  it('sends now: a live progress bar while sending (script allowed by hash), counts as JSON, and the report after', async () => {
    const id = await saveDraft({ 'topic:funding': 'on' });
    expect((await html(`/console/campaigns/${id}`)).html).toContain('Send now to 1 person');
    await fetch(`${hearth.baseUrl}/dev/bus/hold`, { method: 'POST' });
    try {
      const sent = await submit(`/console/campaigns/${id}/send`, { when: 'now' });
      expect(sent.location).toBe(`/console/campaigns/${id}?done=sending`);
      const page = await html(`/console/campaigns/${id}?done=sending`);
      expect(page.html).toContain('Sending has started.');
      expect(page.html).toMatch(/<progress id="campaign-progress" max="1" value="0"[^>]*data-source="\/console\/campaigns\/[^"]+\/progress"/);
      expect(page.html).toContain('aria-live="polite"');
      expect(page.html).toContain('>Refresh</a>');
      const script = /<script>([\s\S]*?)<\/script>/.exec(page.html)?.[1];
      expect(script).toBeDefined();
      const hash = `'sha256-${Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(script))).toString('base64')}'`;
      expect(page.headers.get('content-security-policy')).toContain(`script-src ${hash}`);
      expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
      const progress = await get(hearth, `/console/campaigns/${id}/progress`, cookie);
      expect(progress.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await progress.json()).toMatchObject({ status: 'sending', done: 0, counts: { sent: 0 } });
    } finally {
      await fetch(`${hearth.baseUrl}/dev/bus/release`, { method: 'POST' });
    }
    await hearth.waitForIdle();
    const progress = (await (await get(hearth, `/console/campaigns/${id}/progress`, cookie)).json()) as { status: string; counts: { sent: number; recipients: number } };
    expect(progress).toMatchObject({ status: 'sent', counts: { recipients: 1, sent: 1 } });
    const report = await html(`/console/campaigns/${id}`);
    expect(report.html).not.toContain('<script');
    expect(textOfId(report.html, 'campaign-progress-summary')).toBe('Sent: all 1 done (1 sent, 0 skipped, 0 failed).');
    expect(report.html).toContain('Unsubscribed from this mail');
    expect(await auditActions(id)).toEqual(['campaign-created', 'campaign-sent']);
    expect((await mailsTo(hearth, 'reader@example.org')).map((mail) => mail.subject)).toContain('Council vote ' + String(drafts));
  });

  it('shows why a paused campaign paused, and resumes it', async () => {
    const id = await saveDraft({ 'topic:events': 'on' });
    // Paused by the delivery engine (its own test): here the status it leaves.
    await documents.send(
      new UpdateCommand({
        TableName: hearth.tableName,
        Key: campaignKey(id),
        UpdateExpression: 'SET #status = :paused, pausedReason = :reason, startedAt = :at, planned = :yes',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':paused': 'paused', ':reason': 'Paused by Hearth: 12 of 200 mails bounced (6%), more than 4%.', ':at': new Date().toISOString(), ':yes': true },
      }),
    );
    const page = await html(`/console/campaigns/${id}`);
    expect(page.html).toContain('Sending is paused.');
    expect(page.html).toContain('Paused by Hearth: 12 of 200 mails bounced (6%), more than 4%.');
    expect(page.html).toContain(`action="/console/campaigns/${id}/resume"`);
    expect(page.html).toContain(`action="/console/campaigns/${id}/cancel"`);
    const resumed = await submit(`/console/campaigns/${id}/resume`, {});
    expect(resumed.location).toBe(`/console/campaigns/${id}?done=resumed`);
    await hearth.waitForIdle();
    const item = (await campaigns()).find((c) => c.id === id)!;
    expect(item.pausedReason).toBeUndefined();
    expect(['sending', 'sent']).toContain(item.status);
    expect(await auditActions(id)).toEqual(['campaign-created', 'campaign-resumed']);
    const again = await submit(`/console/campaigns/${id}/resume`, {});
    expect([303, 409]).toContain(again.status);
  });

  it('lists the campaigns, newest first, with where each is', async () => {
    const page = await html('/console/campaigns');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Write a new campaign');
    const subjects = [...page.html.matchAll(/<td><a href="\/console\/campaigns\/[^"]+">([^<]+)<\/a><\/td>/g)].map((m) => m[1]);
    expect(subjects.length).toBeGreaterThan(5);
    expect(subjects[0]).toBe(`Council vote ${drafts}`);
    expect(page.html).toContain('Sent: all 1 done (1 sent, 0 skipped, 0 failed).');
  });
});
