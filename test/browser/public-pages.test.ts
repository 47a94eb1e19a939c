import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, cancelLinkIn, createApiKey, mailsTo, publishedWorkshop } from '../support/hearth';
import { browserAvailable as available, launch, runAxe, screenshot, seriousViolations as checkPage } from '../support/browser';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * The public pages in a real browser (Debian's Chromium through playwright-core), as a member uses
 * them: keyboard only, at phone width, with axe-core checking WCAG on every page. Screenshots at
 * 390 px and 1280 px go to test-artifacts/ (git-ignored) for people to look at.
 */

let hearth: LocalHandle;
let browser: Browser;
let workshopId: string;
let key: string;

beforeAll(async () => {
  if (!available) return;
  // A keyboard user here fills the form in well under the default 3 s: the minimum fill time has
  // its own test (test/integration/registration-limits.test.ts).
  hearth = await startLocal({ env: { HEARTH_REGISTRATION_MIN_FILL_MS: '0' } });
  key = await createApiKey(hearth);
  workshopId = (await publishedWorkshop(hearth, key, { title: 'Finding your footing', capacity: 1, waitlist: true })).id;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await hearth?.stop();
});

const seriousViolations = (page: Page) => checkPage(browser, page);

/** Opens a page at both widths: no serious axe violation, no sideways scrolling at 320 px, screenshots. */
const check = async (name: string, path: string) => {
  for (const width of [320, 390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const response = await page.goto(`${hearth.baseUrl}${path}`);
    expect(response?.status(), `${name} at ${width}px`).toBeLessThan(500);
    if (width === 320) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways at 320px`).toBeLessThanOrEqual(0);
    } else {
      await screenshot(page, `${name}-${width}`);
    }
    if (width === 1280) expect(await seriousViolations(page), name).toEqual([]);
    await page.close();
  }
};

const statusOf = async (email: string) =>
  ((await api(hearth, 'GET', `/api/organizer/workshops/${workshopId}/registrations`, undefined, key)).json.registrations as { email: string; status: string }[]).find(
    (registration) => registration.email === email,
  )?.status;

describe.skipIf(!available)('public pages in Chromium', () => {
  it('the accessibility check finds what it should (a field without a label, low contrast)', async () => {
    const page = await browser.newPage({ bypassCSP: true });
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><input type="text"><p style="color:#ccc;background:#fff">faint</p></main></html>');
    const violations = await runAxe(page);
    expect(violations.join('\n')).toMatch(/label/);
    expect(violations.join('\n')).toMatch(/color-contrast/);
    await page.close();
  });

  it('every public page passes axe (no serious or critical violation) and fits 320 px', async () => {
    await check('workshop-list', '/');
    await check('workshop', `/workshops/${workshopId}`);
    await check('accessibility-statement', '/about/accessibility');
    await check('privacy', '/privacy');
    await check('not-found', '/workshops/no-such-workshop');
    await check('link-problem', '/registrations/cancel?token=tampered.token');
  });

  it('every page’s footer links the privacy page, and the keyboard gets there without JavaScript', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 }, javaScriptEnabled: false });
    await page.goto(`${hearth.baseUrl}/`);
    expect(await page.locator('footer a[href="/privacy"]').textContent()).toBe('Privacy');
    // Tab until the footer's Privacy link has focus, as a keyboard user does.
    for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.getAttribute('href'))) !== '/privacy'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Privacy');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toBe('/privacy');
    expect(await page.textContent('h1')).toBe('Privacy');
    expect(await page.textContent('main')).toMatch(/up to 35 days/);
    expect(await page.locator('footer').textContent()).toMatch(/Need help now\?/);
    await page.close();
  });

  it('a member registers with the keyboard alone, without JavaScript, and sees the result', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 }, javaScriptEnabled: false });
    await page.goto(`${hearth.baseUrl}/workshops/${workshopId}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/skip to main content/i);
    const focused: (string | undefined)[] = [];
    const tab = async () => {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name || document.activeElement?.id));
    };
    // Tab until the email field has focus, as a keyboard user does.
    for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.id)) !== 'email'; i++) await tab();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await page.keyboard.type('keyboard@example.org');
    await tab();
    await page.keyboard.type('Kai');
    for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.id)) !== 'consent'; i++) await tab();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('consent');
    await page.keyboard.press('Space');
    await tab();
    // The next stop after the checkbox is the button: the honeypot is never in the way.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Register');
    expect(focused).not.toContain('website');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Check your inbox');
    expect(await page.textContent('main')).toContain('keyboard@example.org');
    // What happened shows where an organizer looks, and in the mail.
    expect(await statusOf('keyboard@example.org')).toBe('confirmed');
    await screenshot(page, 'registration-result-390');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows the server’s errors next to the fields and in a summary, and passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.goto(`${hearth.baseUrl}/workshops/${workshopId}`);
    // Switch off the browser's own checks to see what the server answers (as older browsers would).
    await page.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''));
    await page.fill('#email', 'not an address');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    expect(await page.textContent('[role=alert]')).toMatch(/email/i);
    expect(await page.inputValue('#email')).toBe('not an address');
    await screenshot(page, 'workshop-errors-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('a member cancels through the link in the mail: the page changes nothing until the button is pressed', async () => {
    await hearth.waitForIdle();
    const mail = (await mailsTo(hearth, 'keyboard@example.org'))[0]!;
    const link = cancelLinkIn(mail).replace(/^https?:\/\/[^/]+/, hearth.baseUrl);
    const page = await browser.newPage({ viewport: { width: 390, height: 900 }, javaScriptEnabled: false });
    await page.goto(link);
    expect(await page.textContent('h1')).toMatch(/cancel/i);
    await screenshot(page, 'cancel-confirm-390');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await statusOf('keyboard@example.org')).toBe('confirmed');
    await page.focus('button[type=submit]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('main')).toMatch(/cancelled/i);
    expect(await statusOf('keyboard@example.org')).toBe('cancelled');
    await screenshot(page, 'cancel-done-390');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
