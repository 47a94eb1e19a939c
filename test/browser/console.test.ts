import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, desktopContext, launch, lookAtBothWidths, screenshot, seriousViolations } from '../support/browser';
import { addOrganizer, csrfOf, latestSignInLink, post, signIn } from '../support/console';
import { api, mailsTo, registerJson } from '../support/hearth';
import { startLocal, type LocalHandle } from '../support/local';

/**
 * An organizer's day in a real browser (Chromium, JavaScript off, as the pages need none): sign in
 * through the link in the mail viewer's store, create and publish a workshop, see a registration
 * arrive, check someone in, export the CSV, cancel the workshop. axe-core checks every console
 * page; screenshots at 390 px and 1280 px go to test-artifacts/.
 */
let hearth: LocalHandle;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const admin = 'admin@hearth.localhost';

beforeAll(async () => {
  if (!browserAvailable) return;
  hearth = await startLocal();
  browser = await launch();
  context = await desktopContext(browser);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await hearth?.stop();
});

/** axe on the current page, and screenshots of it at phone and desktop width (same session). */
const look = (name: string) => lookAtBothWidths(browser, context, page, 'console', name);

const heading = () => page.textContent('h1');

describe.skipIf(!browserAvailable)('the organizer console in Chromium', () => {
  it('an organizer signs in, creates and publishes a workshop, checks someone in, exports the CSV and cancels', async () => {
    // 1. Without a session the console sends you to sign in.
    await page.goto(`${hearth.baseUrl}/console`);
    expect(page.url()).toBe(`${hearth.baseUrl}/console/sign-in`);
    await look('get-sign-in');
    await page.fill('input[name=email]', admin);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.textContent('main')).toMatch(/15 minutes/);
    await look('sign-in-sent');

    // 2. The link from the mail opens a page with a button; pressing it signs in.
    const { link } = await latestSignInLink(hearth, admin);
    await page.goto(link);
    await look('get-confirm-sign-in');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    expect(page.url()).toBe(`${hearth.baseUrl}/console`);
    expect(await page.textContent('body')).toContain(admin);
    await look('get-dashboard');

    // 3. A new workshop, in the organizer's time zone, saved as a draft, then published.
    await page.goto(`${hearth.baseUrl}/console/workshops/new`);
    await look('get-new-workshop');
    const day = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await page.fill('[name=title]', 'Evening peer circle');
    await page.fill('[name=description]', 'A gentle circle for anyone who wants company.');
    await page.fill('[name=facilitator]', 'Sam');
    await page.fill('[name=date]', day);
    await page.fill('[name=startTime]', '18:00');
    await page.fill('[name=endTime]', '19:30');
    await page.selectOption('[name=timezone]', 'America/New_York');
    await page.fill('[name=capacity]', '2');
    await page.fill('[name=onlineUrl]', 'https://meet.example.org/evening');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const workshopId = new URL(page.url()).pathname.split('/')[3]!;
    expect(await heading()).toContain('Evening peer circle');
    await look('workshop-created');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Publish the workshop")')]);
    expect(await page.textContent('main')).toMatch(/published/i);
    const listed = await api(hearth, 'GET', '/api/workshops');
    const publicView = listed.json.workshops.find((w: { id: string }) => w.id === workshopId);
    expect(publicView).toBeDefined();
    const wallClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    expect(wallClock.format(new Date(publicView.startsAt))).toBe(`${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}, 18:00`);

    // 4. Someone registers on the public site; the roster shows them with their needs.
    expect((await registerJson(hearth, workshopId, 'member@example.org', { displayName: 'Robin', accessibilityNeeds: 'Captions please' })).status).toBe(202);
    await page.goto(`${hearth.baseUrl}/console/workshops/${workshopId}/roster`);
    expect(await page.textContent('main')).toContain('Robin');
    expect(await page.textContent('main')).toContain('Captions please');
    await look('get-roster');

    // 5. Check-in, then the CSV shows it.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Mark attended")')]);
    expect(await page.textContent('main')).toContain('Attended ✓');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download the roster")')]);
    expect(download.suggestedFilename()).toMatch(/^roster-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('member@example.org');
    expect(csv).toContain('Captions please');

    // Removing someone asks first (no JavaScript): the confirmation page, left without confirming.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Remove")')]);
    expect(await page.textContent('main')).toMatch(/Remove Robin\?/);
    await look('remove-confirm');

    // A message to everyone with a place.
    await page.goto(`${hearth.baseUrl}/console/workshops/${workshopId}/message`);
    await page.fill('[name=subject]', 'Tonight');
    await page.fill('[name=text]', 'We meet in the usual room.');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    expect(await page.textContent('main')).toMatch(/1 (person|people)/);
    await look('message-sent');

    // 6. Cancel the workshop with a message; the registrant gets it.
    await page.goto(`${hearth.baseUrl}/console/workshops/${workshopId}`);
    await page.click('summary:has-text("I want to cancel this workshop")');
    await page.fill('[name=message]', 'Our facilitator is unwell; we will write with a new date.');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Cancel the workshop")')]);
    expect(await page.textContent('main')).toMatch(/cancelled/i);
    await look('workshop-cancelled');
    await hearth.waitForIdle();
    const last = (await mailsTo(hearth, 'member@example.org')).at(-1)!;
    expect(last.body.text).toContain('Our facilitator is unwell');
    expect((await api(hearth, 'GET', '/api/workshops')).json.workshops.map((w: { id: string }) => w.id)).not.toContain(workshopId);

    // 7. The admin pages and the audit log of all this.
    for (const [name, path] of [
      ['get-organizers', '/console/organizers'],
      ['get-api-keys', '/console/api-keys'],
      ['get-audit', '/console/audit'],
      ['get-message', `/console/workshops/${workshopId}/message`],
      ['get-edit-workshop', `/console/workshops/${workshopId}/edit`],
    ] as const) {
      const response = await page.goto(`${hearth.baseUrl}${path}`);
      expect(response?.status(), path).toBeLessThan(500);
      await look(name);
    }
    // An API key is shown once, on the page that answers its form.
    await page.goto(`${hearth.baseUrl}/console/api-keys`);
    await page.fill('[name=name]', 'Website');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Create API key")')]);
    expect(await page.textContent('main')).toMatch(/hearth_[A-Za-z0-9_-]{43}/);
    await look('api-key-created');

    // The sign-in link, used once already, says so and offers a new one.
    await page.goto(link);
    expect(await page.textContent('main')).toMatch(/already|used/i);
    await look('link-used');

    await page.goto(`${hearth.baseUrl}/console/audit`);
    const audit = (await page.textContent('main')) ?? '';
    for (const action of [/sign/i, /creat/i, /publish/i, /check/i, /cancel/i]) expect(audit).toMatch(action);
    expect(audit).not.toContain('member@example.org');

    // 8. Sign out: the console is closed again.
    await page.goto(`${hearth.baseUrl}/console`);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Sign out")')]);
    await look('signed-out');
    await page.goto(`${hearth.baseUrl}/console`);
    expect(page.url()).toBe(`${hearth.baseUrl}/console/sign-in`);
  }, 180_000);

  it('the pages that only answer a form pass axe too: rate limit, form errors, removal confirmation, people’s data', async () => {
    const check = async (name: string, response: Response, status: number) => {
      expect(response.status, name).toBe(status);
      const view = await browser.newPage({ viewport: { width: 390, height: 900 }, bypassCSP: true });
      await view.setContent(await response.text());
      expect(await seriousViolations(browser, view), name).toEqual([]);
      await screenshot(view, `console-${name}-390`);
      await view.close();
    };
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) limited = await post(hearth, '/console/sign-in', { email: 'often@example.org' });
    await check('sign-in-rate-limited', limited!, 429);

    await addOrganizer(hearth, 'second-admin@example.org', 'admin');
    await addOrganizer(hearth, 'leaving@example.org', 'organizer');
    const cookie = await signIn(hearth, 'second-admin@example.org');
    const csrf = await csrfOf(hearth, cookie);
    await check('workshop-form-errors', await post(hearth, '/console/workshops', { csrf, title: '', capacity: '0', date: 'soon' }, { cookie }), 400);
    const list = await (await fetch(`${hearth.baseUrl}/console/organizers`, { headers: { cookie } })).text();
    // Any other organizer's remove button: pressing it only asks (nothing is removed here).
    const leavingId = list.match(/\/console\/organizers\/([A-Za-z0-9-]+)\/remove/)?.[1];
    expect(leavingId).toBeDefined();
    await check('organizer-remove-confirm', await post(hearth, `/console/organizers/${leavingId}/remove`, { csrf }, { cookie }), 200);

    // People's data (admins): the page, a mistyped address, the erasure's confirmation and its outcome.
    await check('people', await fetch(`${hearth.baseUrl}/console/people`, { headers: { cookie } }), 200);
    await check('people-error', await post(hearth, '/console/people/export', { csrf, email: 'name@localhost' }, { cookie }), 400);
    await check('people-erase-confirm', await post(hearth, '/console/people/erase', { csrf, email: 'by-letter@example.org' }, { cookie }), 200);
    await check('people-erased', await post(hearth, '/console/people/erase', { csrf, email: 'by-letter@example.org', confirm: 'yes' }, { cookie }), 200);
  }, 120_000);
});
