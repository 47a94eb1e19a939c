import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Debian's Chromium through playwright-core, as the browser tests use it: headless, no network
 * but the machine's own, axe-core for WCAG checks, screenshots into test-artifacts/ (git-ignored).
 */
export const chromiumPath = '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '../..');
export const screenshots = join(root, 'test-artifacts', 'screenshots');
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** CI installs Chromium (.ci/run); elsewhere the browser tests say why they did not run. */
export const browserAvailable = existsSync(chromiumPath) || process.env.CI === 'true';

export const launch = (): Promise<Browser> => {
  mkdirSync(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
};

export const runAxe = async (page: Page) => {
  await page.addScriptTag({ content: axeSource });
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
};

/**
 * axe-core's WCAG 2.x A/AA rules (and 2.2): the serious and critical violations on the page. The
 * pages run no script (their CSP forbids it), so axe runs in a copy of the page's HTML in a page
 * that allows it.
 */
export const seriousViolations = async (browser: Browser, page: Page) => {
  const html = await page.content();
  const checker = await browser.newPage({ bypassCSP: true, viewport: page.viewportSize() ?? { width: 1280, height: 900 } });
  try {
    await checker.setContent(html);
    return await runAxe(checker);
  } finally {
    await checker.close();
  }
};

/**
 * A full-page screenshot into test-artifacts/. Chromium on a loaded two-core machine now and then
 * answers "Unable to capture screenshot" (a compositor timeout, nothing about the page): it is
 * asked again, up to three times, before the error stands.
 */
export const screenshot = async (page: Page, name: string) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    } catch (error) {
      if (attempt >= 3 || !/Unable to capture screenshot/.test(String(error))) throw error;
      await new Promise((done) => setTimeout(done, 500 * attempt));
    }
  }
};

/** A context as the console and survey tests use one: desktop width, JavaScript off (the pages need none), downloads kept. */
export const desktopContext = (browser: Browser) =>
  browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, acceptDownloads: true });

/**
 * axe on the page, no sideways scrolling at 390 px, and screenshots `<prefix>-<name>-1280` and
 * `<prefix>-<name>-390`. A page reached by GET (`name` starts with `get-`) is opened again at phone
 * width in the same context (same session); the answer to a form is shown as it came.
 */
export const lookAtBothWidths = async (browser: Browser, context: BrowserContext, page: Page, prefix: string, name: string) => {
  expect(await seriousViolations(browser, page), name).toEqual([]);
  await screenshot(page, `${prefix}-${name}-1280`);
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 900 });
  if (name.startsWith('get-')) await phone.goto(page.url());
  else await phone.setContent(await page.content());
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways at 390px`).toBeLessThanOrEqual(0);
  await screenshot(phone, `${prefix}-${name}-390`);
  await phone.close();
};

/** The id of the element that has focus ('' when none has one). */
export const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Tabs forward until the element with this id has focus, as a keyboard user does. */
export const tabTo = async (page: Page, id: string) => {
  for (let i = 0; i < 60; i++) {
    if ((await activeId(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
};
