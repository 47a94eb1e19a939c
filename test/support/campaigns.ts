import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { api, cli, form, mailsTo, tokenLinkIn, type CliTarget, type Running } from './hearth';

/**
 * Helpers for campaign tests: a confirmed list made with the real import CLI, a campaign made and
 * sent through the organizer API, and waiting for it to be final.
 */
export interface ImportRow {
  email: string;
  displayName?: string;
  topics?: string[];
  consentedAt?: string;
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** `npm run hearth -- subscribers import FILE` against the runtime's table; answers its output (rejects if it fails). */
export const runImportCli = (hearth: CliTarget, file: string) => cli(hearth, 'subscribers', 'import', file);

/** Imports confirmed subscribers with `npm run hearth -- subscribers import FILE.csv`; answers its output. */
export const importSubscribers = async (hearth: Running & { dynamoEndpoint: string; tableName: string }, rows: readonly ImportRow[]): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-import-'));
  const file = join(dir, 'subscribers.csv');
  const lines = ['email,displayName,topics,consentedAt', ...rows.map((row) => [row.email, row.displayName ?? '', (row.topics ?? []).join(';'), row.consentedAt ?? '2026-01-15T10:00:00Z'].map(csvField).join(','))];
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  try {
    const { stdout, stderr } = await runImportCli(hearth, file);
    return stdout + stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Subscribes through the public API and confirms through the mailed link, as a person does. */
export const confirmedSubscriber = async (hearth: Running, email: string, topics: string[] = []): Promise<void> => {
  const asked = await api(hearth, 'POST', '/api/subscribers', { email, topics, consent: true });
  expect(asked.status, asked.text).toBe(202);
  await hearth.waitForIdle();
  const [mail] = await mailsTo(hearth, email);
  expect(mail, `a confirmation mail to ${email}`).toBeDefined();
  const token = decodeURIComponent(new URL(tokenLinkIn(mail!, '/subscribe/confirm')).searchParams.get('token')!);
  const confirmed = await form(hearth, '/subscribe/confirm', { token });
  expect(confirmed.status).toBe(200);
};

export const createTopic = async (hearth: Running, key: string, name: string) => {
  const created = await api(hearth, 'POST', '/api/organizer/topics', { name }, key);
  expect([201, 409], created.text).toContain(created.status);
};

export interface CampaignState {
  campaign: { id: string; status: string; pausedReason?: string };
  counts: { recipients: number; queued: number; sent: number; suppressed: number; failed: number; unsubscribed: number; bounced?: number; complained?: number };
}

export const draftCampaign = async (hearth: Running, key: string, body: Record<string, unknown> = {}): Promise<string> => {
  const created = await api(hearth, 'POST', '/api/organizer/campaigns', { subject: 'Funding news', bodyMarkdown: 'Hello {{ name }},\n\nThe budget vote is on **Tuesday**.', ...body }, key);
  expect(created.status, created.text).toBe(201);
  return created.json.campaign.id as string;
};

export const campaignState = async (hearth: Running, key: string, id: string): Promise<CampaignState> => {
  const got = await api(hearth, 'GET', `/api/organizer/campaigns/${id}`, undefined, key);
  expect(got.status, got.text).toBe(200);
  return got.json as CampaignState;
};

/** Polls until the campaign is in one of `statuses` (the engine runs asynchronously), then waits for the bus. */
export const waitForCampaign = async (hearth: Running & { waitForIdle(ms?: number): Promise<void> }, key: string, id: string, statuses: string[], timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await campaignState(hearth, key, id);
    if (statuses.includes(state.campaign.status)) {
      await hearth.waitForIdle(timeoutMs);
      return campaignState(hearth, key, id);
    }
    if (Date.now() > deadline) throw new Error(`Campaign ${id} is ${state.campaign.status}, not ${statuses.join(' or ')}, after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/** Every recipient of one state, through the paginated API. */
export const recipientsOf = async (hearth: Running, key: string, id: string, state: string) => {
  const all: { subscriberId: string; email: string; state: string; reason?: string }[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `state=${state}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await api(hearth, 'GET', `/api/organizer/campaigns/${id}/recipients?${query}`, undefined, key);
    expect(page.status, page.text).toBe(200);
    all.push(...page.json.recipients);
    cursor = page.json.cursor;
  } while (cursor);
  return all;
};
