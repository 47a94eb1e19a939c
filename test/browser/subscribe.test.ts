import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeUrl } from '../../shared/mailing-list/links';
import { SubscriberStore } from '../../shared/mailing-list/subscriber-store';
import { activeId, browserAvailable, desktopContext, launch, lookAtBothWidths, screenshot, seriousViolations, tabTo } from '../support/browser';
import { csrfOf, post, signIn } from '../support/console';
import { mailsTo, tokenLinkIn } from '../support/hearth';
import { startLocal, useRuntimeInThisProcess, type LocalHandle } from '../support/local';

/**
 * The mailing list's public pages in a real browser (Chromium, JavaScript off, as the pages need
 * none): someone joins with the keyboard alone, confirms from the mail, looks at their preferences
 * and leaves the list from an unsubscribe link. axe-core checks every page (no serious or critical
 * WCAG 2.2 A/AA violation); screenshots at 390 px and 1280 px go to test-artifacts/screenshots.
 */
let hearth: LocalHandle;
let browser: Browser;
let context: BrowserContext;
let organizerCookie: string;
const person = 'keyboard-reader@example.org';

beforeAll(async () => {
  if (!browserAvailable) return;
  hearth = await startLocal();
  // This process makes unsubscribe links and reads subscribers with the real code, against the runtime.
  await useRuntimeInThisProcess(hearth);
  organizerCookie = await signIn(hearth, 'admin@hearth.localhost');
  const csrf = await csrfOf(hearth, organizerCookie);
  for (const name of ['Funding', 'Events', 'Policy']) expect((await post(hearth, '/console/topics', { csrf, name }, { cookie: organizerCookie })).status).toBe(303);
  browser = await launch();
  context = await desktopContext(browser);
});

afterAll(async () => {
  await browser?.close();
  await hearth?.stop();
});

const look = (page: Page, name: string) => lookAtBothWidths(browser, context, page, 'list', name);
const subscriber = async (email: string) => {
  const id = await SubscriberStore.findIdByEmail(email);
  return id ? SubscriberStore.get(id) : undefined;
};

describe.skipIf(!browserAvailable)('the mailing list in Chromium', () => {
  it('someone joins with the keyboard alone, without JavaScript, and confirms from the mail', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${hearth.baseUrl}/subscribe`);
    expect(await page.textContent('h1')).toBe('Join our mailing list');
    await look(page, 'get-subscribe');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/skip to main content/i);
    await tabTo(page, 'email');
    await page.keyboard.type(person);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('displayName');
    await page.keyboard.type('Kai');
    await page.keyboard.press('Tab');
    // The topics, in order (Events, Funding, Policy): tick the second.
    expect(await activeId(page)).toBe('topics');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('topics-1');
    await page.keyboard.press('Space');
    await tabTo(page, 'consent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Join the list');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Check your email');
    expect(await page.textContent('main')).not.toContain(person);
    await look(page, 'subscribed');
    expect(await subscriber(person)).toMatchObject({ status: 'pending', displayName: 'Kai', topics: ['funding'], consent: { source: 'form' } });

    await hearth.waitForIdle();
    const [mail] = await mailsTo(hearth, person, 'Please confirm your email address');
    await page.goto(tokenLinkIn(mail!, '/subscribe/confirm'));
    expect(await page.textContent('h1')).toBe('Confirm your email address');
    await look(page, 'get-confirm');
    expect((await subscriber(person))!.status).toBe('pending');
    await page.focus('main button[type=submit]');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('You are on the list');
    await look(page, 'confirmed');
    expect((await subscriber(person))!.status).toBe('confirmed');

    // The preferences link on that page.
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("choose your topics now")')]);
    expect(await page.textContent('h1')).toBe('Your mailing list preferences');
    expect(await page.isChecked('#topics-1')).toBe(true);
    await look(page, 'get-preferences');
    await page.check('#topics');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save my choices")')]);
    expect(await page.textContent('[role=status]')).toContain('Your choices are saved.');
    await look(page, 'preferences-saved');
    expect((await subscriber(person))!.topics).toEqual(['events', 'funding']);
    await page.close();
  });

  it('shows the server’s errors in a summary and next to the fields, and passes axe', async () => {
    // JavaScript on here only to switch off the browser's own checks and see what the server answers.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.goto(`${hearth.baseUrl}/subscribe`);
    await page.evaluate(() => document.querySelector('main form')?.setAttribute('novalidate', ''));
    await page.fill('#email', 'not an address');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(await page.textContent('[role=alert]')).toMatch(/Email address: Enter an email address/);
    expect(await page.textContent('[role=alert]')).toMatch(/Agreement: Please confirm/);
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#email')).toBe('not an address');
    expect(await seriousViolations(browser, page)).toEqual([]);
    await screenshot(page, 'list-subscribe-errors-1280');
    await page.close();
  });

  it('someone leaves from an unsubscribe link: the page changes nothing until the button is pressed', async () => {
    const id = (await SubscriberStore.findIdByEmail(person))!;
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(await unsubscribeUrl(id));
    expect(await page.textContent('h1')).toBe('Leave the mailing list?');
    await look(page, 'get-unsubscribe');
    expect((await subscriber(person))!.status).toBe('confirmed');
    await page.focus('main button[type=submit]');
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(response?.status()).toBe(200);
    expect(await page.textContent('h1')).toBe('You have left the list');
    await look(page, 'unsubscribed');
    expect((await subscriber(person))!.status).toBe('unsubscribed');

    await page.goto(`${hearth.baseUrl}/unsubscribe?token=tampered.token`);
    expect(await page.textContent('h1')).toBe('This link does not work');
    await look(page, 'get-link-problem');
    await page.close();
  });

  it('the console’s subscribers and topics pages pass axe and fit a phone', async () => {
    const [name, value] = organizerCookie.split('=') as [string, string];
    const console = await desktopContext(browser);
    await console.addCookies([{ name, value, url: hearth.baseUrl }]);
    const page = await console.newPage();
    await page.goto(`${hearth.baseUrl}/console/subscribers?status=unsubscribed`);
    expect(await page.textContent('h1')).toBe('Subscribers');
    expect(await page.textContent('main')).toContain(person);
    await lookAtBothWidths(browser, console, page, 'list', 'get-console-subscribers');
    await page.goto(`${hearth.baseUrl}/console/topics`);
    expect(await page.textContent('h1')).toBe('Topics');
    await lookAtBothWidths(browser, console, page, 'list', 'get-console-topics');
    await page.fill('#name', 'funding');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(await page.textContent('[role=alert]')).toContain('A topic with this name already exists (funding)');
    await lookAtBothWidths(browser, console, page, 'list', 'console-topic-exists');
    await console.close();
  });
});
