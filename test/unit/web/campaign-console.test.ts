import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyCounters, type Campaign } from '../../../shared/campaigns/model';
import { renderCampaignMail } from '../../../shared/campaigns/render';
import { progressJson } from '../../../shared/web/console/campaign-detail';
import { progressOf } from '../../../shared/web/console/campaign-progress';
import { readCampaignForm } from '../../../shared/web/console/campaign-input';
import { campaignPagePolicy, progressScriptHash, styleAttributeHashes } from '../../../shared/web/console/campaign-page';
import { styleHash } from '../../../shared/ui/page';
import { renderEnvironment } from './fixtures';

/** The console's campaign pages: their Content-Security-Policy, the progress summary, reading the form. */
renderEnvironment({ baseUrl: 'https://hearth.example.org' });

const sha256 = (value: string) => `'sha256-${createHash('sha256').update(value, 'utf8').digest('base64')}'`;

describe('the campaign pages’ policy', () => {
  it('is the console’s policy when a page shows no preview and runs no script', () => {
    expect(campaignPagePolicy()).toBe(`default-src 'none'; style-src '${styleHash}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`);
  });

  it('allows a preview’s inline styles by the hash of each exact value, and nothing inline otherwise', () => {
    const mail = renderCampaignMail({
      campaign: { subject: 'S', bodyMarkdown: 'Hi <span style="position:fixed">x</span>', topics: [] },
      subscriber: {},
      unsubscribeUrl: 'https://hearth.example.org/unsubscribe?token=a',
      preferencesUrl: 'https://hearth.example.org/preferences?token=b',
    });
    const hashes = styleAttributeHashes(mail.html);
    // The article's font list has quotes, escaped in the HTML: the hash is of the value the browser reads.
    expect(hashes).toContain(sha256('max-width:36rem;margin:0 auto;padding:16px;font-family:system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;background:#ffffff;'));
    expect(hashes).not.toContain(sha256('position:fixed'));
    const policy = campaignPagePolicy({ previews: [mail.html] });
    expect(policy).toContain(`style-src-attr 'unsafe-hashes' ${hashes.join(' ')}`);
    expect(policy).toContain("img-src 'self' data: https:");
    expect(policy).not.toMatch(/unsafe-inline|script-src/);
  });

  // That the hash is the rendered script's own: console-campaigns.test.ts hashes the page's <script>.
  it('allows the one progress script by its hash, and fetches from the same origin only', () => {
    const policy = campaignPagePolicy({ live: true });
    expect(policy).toContain(`script-src ${progressScriptHash}`);
    expect(policy).toContain("connect-src 'self'");
  });
});

const campaign = (overrides: Partial<Campaign> = {}): Campaign => ({
  id: 'c1',
  subject: 'S',
  bodyMarkdown: 'B',
  topics: [],
  status: 'sending',
  createdBy: 'o1',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  counters: { ...emptyCounters(), recipients: 1200, sent: 1000, suppressed: 30, failed: 4, bounced: 3, complained: 1, unsubscribed: 2 },
  planned: true,
  ...overrides,
});

describe('progress', () => {
  it('counts final states as done, and says where the campaign is', () => {
    expect(progressOf(campaign())).toMatchObject({ done: 1034, summary: 'Sending: 1,034 of 1,200 done (1,000 sent, 30 skipped, 4 failed).' });
    expect(progressOf(campaign({ planned: false })).summary).toBe('Sending: 1,034 of 1,200 done (1,000 sent, 30 skipped, 4 failed). Still finding everyone on the list, so the total grows.');
    expect(progressOf(campaign({ status: 'paused' })).summary).toMatch(/^Paused: 1,034 of 1,200 done/);
    expect(progressOf(campaign({ status: 'sent', counters: { ...emptyCounters(), recipients: 2, sent: 2 } })).summary).toBe('Sent: all 2 done (2 sent, 0 skipped, 0 failed).');
  });

  it('answers the live bar with counts only, no one’s details', () => {
    expect(progressJson(campaign())).toEqual({
      status: 'sending',
      planned: true,
      done: 1034,
      summary: 'Sending: 1,034 of 1,200 done (1,000 sent, 30 skipped, 4 failed).',
      counts: { recipients: 1200, queued: 166, sent: 1000, suppressed: 30, failed: 4, unsubscribed: 2, bounced: 3, complained: 1 },
    });
  });
});

describe('the compose form', () => {
  it('reads the ticked topics from their own fields and the message with \\n line breaks', () => {
    expect(readCampaignForm({ subject: 'S', bodyMarkdown: 'a\r\nb\rc', 'topic:funding': 'on', 'topic:policy': 'on', 'topic:': 'on', csrf: 'x' })).toEqual({
      subject: 'S',
      bodyMarkdown: 'a\nb\nc',
      topics: ['funding', 'policy'],
    });
    expect(readCampaignForm({})).toEqual({ subject: '', bodyMarkdown: '', topics: [] });
  });
});
