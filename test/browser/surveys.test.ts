import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeId, browserAvailable, desktopContext, launch, lookAtBothWidths, screenshot, tabTo } from '../support/browser';
import { scheduledWorkshop, setClock } from '../support/clock';
import { latestSignInLink } from '../support/console';
import { createApiKey, mailsTo, registerJson, surveyLinkIn } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * Feedback surveys in a real browser (Chromium, JavaScript off, as the pages need none): three
 * people answer from the links in their mails (one with the keyboard alone, one after a mistake),
 * then the organizer signs in and sees the results with their charts. axe-core checks every survey
 * and results page; screenshots at 390 px and 1280 px go to test-artifacts/.
 */
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let hearth: LocalHandle;
let key: string;
let browser: Browser;
let context: BrowserContext;
const admin = 'admin@hearth.localhost';

beforeAll(async () => {
  if (!browserAvailable) return;
  hearth = await startLocal();
  key = await createApiKey(hearth);
  browser = await launch();
  context = await desktopContext(browser);
});

afterAll(async () => {
  await browser?.close();
  await hearth?.stop();
});

/** axe on the page, no sideways scrolling at 390 px, and screenshots at both widths. */
const look = (page: Page, name: string) => lookAtBothWidths(browser, context, page, 'survey', name);

const published = (startsAt: number, overrides: Record<string, unknown> = {}) => scheduledWorkshop(hearth, key, iso(startsAt), { capacity: 10, ...overrides });

const surveyLinkOf = async (email: string) => {
  const [mail] = await mailsTo(hearth, email, 'How was your session?');
  if (!mail) throw new Error(`No survey link mailed to ${email}`);
  return surveyLinkIn(mail);
};

describe.skipIf(!browserAvailable)('feedback surveys in Chromium', () => {
  it('people answer from the links in their mails, then the organizer sees the results and their charts', async () => {
    const start = Date.parse('2027-06-02T17:00:00.000Z');
    const workshop = await published(start, { title: 'Evening peer circle' });
    const upcoming = await published(start + 7 * 24 * 60 * MINUTE, { title: 'Next peer circle' });
    const people = ['robin@example.org', 'sasha@example.org', 'tai@example.org'];
    for (const email of people) expect((await registerJson(hearth, workshop.id, email)).status).toBe(202);
    await hearth.waitForIdle();

    // An hour after the end (nobody was checked in): everyone with a place gets a link.
    await setClock(hearth, iso(start + 90 * MINUTE + 61 * MINUTE));
    const page = await context.newPage();

    // 1. Robin sends the form half-filled, sees what is missing, then answers.
    await page.goto(await surveyLinkOf(people[0]!));
    expect(await page.textContent('h1')).toBe('How was the session for you?');
    expect(await page.textContent('main')).toContain('Evening peer circle');
    await look(page, 'get-form');
    await page.check('#q-supported-4');
    // The browser itself stops a form with required questions unanswered; the server must catch it too.
    await page.evaluate(() => document.querySelector('main form')!.setAttribute('novalidate', ''));
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send my answers")')]);
    expect(await page.textContent('.error-summary')).toContain('Did you feel safe and respected?: Choose one of the options');
    expect(await page.textContent('.error-summary')).toContain('How likely are you to recommend this group to someone like you?: Choose a number from 0 to 10');
    expect(await page.isChecked('#q-supported-4')).toBe(true);
    await look(page, 'errors');

    await page.goto(await surveyLinkOf(people[0]!));
    await page.check('#q-supported-4');
    await page.check('#q-safe-somewhat');
    await page.check('#q-recommend-9');
    await page.fill('#q-better', 'A little more time at the end to talk.');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send my answers")')]);
    expect(await page.textContent('h1')).toBe('Thank you');
    await look(page, 'thanks');
    await page.goto(await surveyLinkOf(people[0]!));
    expect(await page.textContent('h1')).toBe('You have already answered this survey');
    await look(page, 'get-already-answered');

    // 2. Sasha answers with the keyboard alone: Tab into each group, arrows to choose.
    await page.goto(await surveyLinkOf(people[1]!));
    await tabTo(page, 'q-supported');
    await page.keyboard.press('Space');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#q-supported-5')).toBe(true);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('q-safe');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('q-recommend');
    await page.keyboard.press('Space');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#q-recommend-10')).toBe(true);
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('q-better');
    await page.keyboard.type('Everything felt kind.');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Thank you');

    // 3. Tai answers too: now there are three, and results show.
    await page.goto(await surveyLinkOf(people[2]!));
    await page.check('#q-supported-3');
    await page.check('#q-safe-no');
    await page.check('#q-recommend-5');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Send my answers")')]);
    expect(await page.textContent('h1')).toBe('Thank you');

    // A broken link says so.
    await page.goto(`${hearth.baseUrl}/survey?token=tampered.token`);
    expect(await page.textContent('h1')).toBe('This survey link does not work');
    await look(page, 'get-link-problem');

    // 4. The organizer signs in through the mailed link and opens the results.
    await page.goto(`${hearth.baseUrl}/console/sign-in`);
    await page.fill('input[name=email]', admin);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    await page.goto((await latestSignInLink(hearth, admin)).link);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    await page.goto(`${hearth.baseUrl}/console/workshops/${workshop.id}`);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Feedback survey: questions and results")')]);
    expect(await page.textContent('h1')).toBe('Feedback survey: Evening peer circle');
    const main = (await page.textContent('main'))!;
    expect(main).toContain('100%'); // 3 of 3 answered
    expect(main).toContain('Net Promoter Score: +33');
    expect(main).toContain('A little more time at the end to talk.');
    expect(main).toContain('Everything felt kind.');
    expect(await page.locator('svg[role=img]').count()).toBe(3);
    expect(await page.getAttribute('#chart-safe-desc', 'id')).toBe('chart-safe-desc');
    expect(await page.textContent('#chart-safe-desc')).toBe('3 answers. Yes: 1 person (33%); Somewhat: 1 person (33%); No: 1 person (33%).');
    const bar = await page.locator('#chart-supported-title').evaluate((title) => title.closest('svg')!.getBoundingClientRect().width);
    expect(bar).toBeGreaterThan(300);
    await look(page, 'get-results');
    await page.click('summary:has-text("Show these numbers as a table")');
    await screenshot(page, 'survey-results-table-1280');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download the answers")')]);
    expect(download.suggestedFilename()).toBe('survey-2027-06-02.csv');

    // 5. The next workshop's survey, before anyone answered, and its edit form.
    await page.goto(`${hearth.baseUrl}/console/workshops/${upcoming.id}/survey`);
    expect(await page.textContent('main')).toContain('Results show once at least 3 people have answered');
    await look(page, 'get-results-empty');
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Change the questions")')]);
    await look(page, 'get-edit');
    await page.fill('#q1-options', 'Only one');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the survey")')]);
    expect(await page.textContent('.error-summary')).toContain('Give at least 2 options');
    await look(page, 'edit-errors');
    await page.fill('#q1-options', 'Yes\nMostly\nNo');
    await page.fill('#q4-text', 'What did you take home with you?');
    await page.selectOption('#q4-type', 'text');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save the survey")')]);
    expect(await page.textContent('main')).toContain('The survey is saved.');
    expect(await page.textContent('main')).toContain('What did you take home with you?');
    await look(page, 'saved');
  });
});
