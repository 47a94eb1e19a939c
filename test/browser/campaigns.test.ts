import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launch, lookAtBothWidths, screenshot, screenshots } from '../support/browser';
import { addOrganizer, signIn } from '../support/console';
import { confirmedSubscriber } from '../support/campaigns';
import { api, createApiKey, mailsTo } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * An organizer writes a campaign in Chromium: the compose page with its preview (the mail in a
 * sandboxed frame, styled as sent, nothing executable), a test send that shows up in the mail
 * viewer, then sending with the live progress bar (JavaScript on) and the report. axe-core on every
 * page; no Content-Security-Policy violation anywhere; screenshots at 390 and 1280 px in test-artifacts/.
 */
let hearth: LocalHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const organizer = 'campaigner@example.org';
const violations: string[] = [];

/** A context signed in as the organizer (the session cookie from the real sign-in flow). */
const signedInContext = async (javaScriptEnabled: boolean) => {
  const cookie = await signIn(hearth, organizer);
  const [name, value] = cookie.split('=') as [string, string];
  const created = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  await created.addCookies([{ name, value, url: hearth.baseUrl }]);
  return created;
};

const watch = (target: Page) =>
  target.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

beforeAll(async () => {
  if (!browserAvailable) return;
  hearth = await startLocal({ env: { HEARTH_ORG_POSTAL_ADDRESS: '12 Example Street\nSpringfield, ST 00000', ORG_NAME: 'Riverside Peers' } });
  const key = await createApiKey(hearth);
  for (const name of ['Funding', 'Policy']) expect((await api(hearth, 'POST', '/api/organizer/topics', { name }, key)).status).toBe(201);
  await confirmedSubscriber(hearth, 'reader-one@example.org', ['Funding']);
  await confirmedSubscriber(hearth, 'reader-two@example.org', ['Policy', 'Funding']);
  await addOrganizer(hearth, organizer, 'organizer');
  browser = await launch();
  context = await signedInContext(false);
  page = await context.newPage();
  watch(page);
});

afterAll(async () => {
  await browser?.close();
  await hearth?.stop();
});

const look = (name: string) => lookAtBothWidths(browser, context, page, 'campaigns', name);

describe.skipIf(!browserAvailable)('campaigns in Chromium', () => {
  it('an organizer writes a campaign, previews it, sends a test, sends it and watches it go out', async () => {
    // 1. The list, then a new campaign with a preview (JavaScript off: the preview is the server's).
    await page.goto(`${hearth.baseUrl}/console/campaigns`);
    expect(await page.textContent('h1')).toBe('Campaigns');
    await look('get-list-empty');
    await page.click('text=Write a new campaign');
    await look('get-new');
    await page.fill('[name=subject]', 'The council votes on peer support funding');
    await page.fill(
      '[name=bodyMarkdown]',
      [
        '## Hello {{ name | "neighbour" }}',
        'On **Thursday** the council decides whether peer support keeps its funding. A short, personal note makes a difference.',
        '- [Write to your councillor](https://council.example.org/write)',
        '- Come to the public session at 6 pm',
        'Thank you for standing with us. <script>alert("x")</script><img src=x onerror="alert(1)">',
      ].join('\n\n'),
    );
    await page.check('label:has-text("Funding")');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Preview")')]);
    expect(await page.textContent('#preview-heading')).toBe('Preview');
    expect(await page.textContent('main')).toContain('It would go to 2 people on the list now.');
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(await frame!.textContent('h2')).toBe('Hello neighbour');
    expect(await frame!.$('script')).toBeNull();
    expect(await frame!.$('[onerror]')).toBeNull();
    expect(await frame!.textContent('body')).toContain('You get this because you joined the mailing list of Riverside Peers and chose the topics Funding.');
    expect(await frame!.textContent('body')).toContain('Springfield, ST 00000');
    // The mail's own inline styles apply in the preview (each allowed by its hash).
    const linkColour = await frame!.$eval('a[href*="/preferences"]', (a) => getComputedStyle(a).color);
    expect(linkColour).toBe('rgb(11, 87, 164)');
    await page.locator('iframe').scrollIntoViewIfNeeded();
    await page.locator('iframe').screenshot({ path: `${screenshots}/campaigns-preview-mail-1280.png` });
    await look('preview');

    // 2. Saved as a draft: the page shows the message, the preview, a test form and the send forms.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save draft")')]);
    expect(await page.textContent('[role=status]')).toContain('The draft is saved.');
    expect(await page.textContent('main')).toContain('Send now to 2 people');
    const campaignUrl = page.url().replace(/\?.*$/, '');
    await look('draft');

    // 3. A test to the organizer's own address, visible in the mail viewer.
    expect(await page.inputValue('[name=to]')).toBe(organizer);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send a test")')]);
    expect(await page.textContent('[role=status]')).toContain('A test mail is on its way');
    await hearth.waitForIdle();
    const tests = (await mailsTo(hearth, organizer)).filter((mail) => mail.subject.startsWith('[Test]'));
    expect(tests.map((mail) => mail.subject)).toEqual(['[Test] The council votes on peer support funding']);
    const live = await signedInContext(true);
    const viewer = await live.newPage();
    await viewer.goto(hearth.mailUrl);
    await viewer.waitForFunction(() => document.body.textContent?.includes('[Test] The council votes on peer support funding'), undefined, { timeout: 10_000 });
    await screenshot(viewer, 'campaigns-mail-viewer-1280');
    await viewer.close();

    // 4. Send now, watching the progress live (JavaScript on); the deliveries are held until the page is open.
    const watcher = await live.newPage();
    watch(watcher);
    await watcher.goto(campaignUrl);
    await fetch(`${hearth.baseUrl}/dev/bus/hold`, { method: 'POST' });
    try {
      await Promise.all([watcher.waitForNavigation(), watcher.click('button:has-text("Send now to 2 people")')]);
      expect(await watcher.textContent('[role=status]')).toContain('Sending has started.');
      expect(await watcher.textContent('#campaign-progress-summary')).toMatch(/^Sending: 0 of 0 done \(0 sent, 0 skipped, 0 failed\)\. Still finding everyone/);
      await screenshot(watcher, 'campaigns-sending-1280');
    } finally {
      await fetch(`${hearth.baseUrl}/dev/bus/release`, { method: 'POST' });
    }
    await watcher.waitForFunction(() => (document.getElementById('campaign-progress') as HTMLProgressElement | null)?.value === 2, undefined, { timeout: 30_000 });
    await watcher.waitForFunction(() => document.getElementById('campaign-progress-summary')?.textContent?.startsWith('Sent: all 2 done'), undefined, { timeout: 30_000 });
    expect(await watcher.textContent('[data-count="sent"]')).toBe('2');
    await screenshot(watcher, 'campaigns-sent-live-1280');
    await live.close();

    // 5. The report, without JavaScript.
    await page.goto(campaignUrl);
    expect(await page.textContent('.status')).toBe('Sent');
    expect(await page.textContent('#campaign-progress-summary')).toBe('Sent: all 2 done (2 sent, 0 skipped, 0 failed).');
    await look('get-report');
    await page.goto(`${hearth.baseUrl}/console/campaigns`);
    await look('get-list');

    const received = (await mailsTo(hearth, 'reader-two@example.org')).filter((mail) => mail.subject === 'The council votes on peer support funding');
    expect(received).toHaveLength(1);
    expect(violations).toEqual([]);
  });
});
