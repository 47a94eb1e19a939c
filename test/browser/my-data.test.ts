import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeId, browserAvailable, launch, screenshot, seriousViolations, tabTo } from '../support/browser';
import { api, createApiKey, mailsTo, publishedWorkshop, tokenLinkIn } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * /my-data in a real browser (Chromium, JavaScript off) at 320 px, the narrowest width WCAG 2.2
 * reflow asks for: someone asks for their link, opens it and downloads their data with the keyboard
 * alone, then erase it after the confirmation step. axe-core checks every page (no serious or critical violation), no page scrolls sideways,
 * and screenshots go to test-artifacts/screenshots.
 */
let hearth: LocalHandle;
let browser: Browser;
let context: BrowserContext;
const person = 'a-rather-long-address.for-reflow@peer-support.example.org';

beforeAll(async () => {
  if (!browserAvailable) return;
  hearth = await startLocal();
  const key = await createApiKey(hearth);
  const workshop = await publishedWorkshop(hearth, key, { title: 'Hearing voices group' });
  expect((await api(hearth, 'POST', `/api/workshops/${workshop.id}/registrations`, { email: person, consent: true, accessibilityNeeds: 'Captions' })).status).toBe(202);
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 320, height: 800 }, javaScriptEnabled: false, acceptDownloads: true });
});

afterAll(async () => {
  await browser?.close();
  await hearth?.stop();
});

const check = async (page: Page, name: string) => {
  expect(await seriousViolations(browser, page), name).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `${name} scrolls sideways at 320px`).toBeLessThanOrEqual(0);
  await screenshot(page, `my-data-${name}-320`);
};

describe.skipIf(!browserAvailable)('/my-data in Chromium at 320 px', () => {
  it('asks for the link, opens it and downloads the data with the keyboard alone', async () => {
    const page = await context.newPage();
    await page.goto(`${hearth.baseUrl}/my-data`);
    expect(await page.textContent('h1')).toBe('See your data');
    await check(page, 'request');
    await tabTo(page, 'email');
    await page.keyboard.type(person);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Email me a link');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Check your email');
    expect(await page.textContent('main')).not.toContain(person);
    await check(page, 'sent');

    // A mistyped address: the error summary and the field say what is wrong.
    await page.goto(`${hearth.baseUrl}/my-data`);
    await tabTo(page, 'email');
    await page.keyboard.type('name@localhost'); // the browser lets it through; the server does not
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.title()).toMatch(/^Error: See your data/);
    expect(await page.textContent('#email-error')).toMatch(/Enter an email address/);
    await check(page, 'error');

    await hearth.waitForIdle();
    const [mail] = await mailsTo(hearth, person, 'Your link to see your data');
    await page.goto(tokenLinkIn(mail!, '/my-data/open'));
    await check(page, 'open');
    let button = '';
    for (let i = 0; i < 40 && button !== 'Show my data'; i++) {
      await page.keyboard.press('Tab');
      button = (await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '';
    }
    expect(button).toBe('Show my data');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Your data');
    expect(await page.textContent('main')).toContain('Hearing voices group');
    await check(page, 'data');

    let link = '';
    for (let i = 0; i < 40 && !/Download it all/.test(link); i++) {
      await page.keyboard.press('Tab');
      link = (await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '';
    }
    expect(await activeId(page)).toBe('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('my-data.json');
    const data = JSON.parse(await readFile(await download.path(), "utf8"));
    expect(data).toMatchObject({ email: person, registrations: [{ workshop: { title: 'Hearing voices group' }, accessibilityNeeds: 'Captions' }] });

    // Erasure: the button, one confirmation page, then what was done; the keyboard alone.
    await pressButton(page, 'Erase everything…');
    expect(await page.textContent('h1')).toBe('Erase everything we hold about you?');
    await check(page, 'erase-confirm');
    await pressButton(page, 'Yes, erase everything');
    expect(await page.textContent('h1')).toBe('Your data has been erased');
    expect(await page.textContent('main')).toMatch(/1 place still to come was cancelled/);
    expect(await page.textContent('main')).not.toContain(person);
    await check(page, 'erased');
  });
});

/** Tabs to the button with this text and presses Enter, as a keyboard user does; waits for the next page. */
const pressButton = async (page: Page, label: string) => {
  let focused = '';
  for (let i = 0; i < 60 && focused !== label; i++) {
    await page.keyboard.press('Tab');
    focused = (await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '';
  }
  expect(focused).toBe(label);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
};
