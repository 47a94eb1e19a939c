import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../../../shared/http/response';
import { campaignConsolePage } from '../../../shared/web/console/campaign-page';
import { dashboardPage, type DashboardWorkshop } from '../../../shared/web/console/dashboard';
import { consolePage, type ConsoleOrganizer } from '../../../shared/web/console/layout';
import {
  confirmSignInPage,
  signedOutPage,
  signInLinkProblemPage,
  signInPage,
  signInRateLimitedPage,
  signInSentPage,
} from '../../../shared/web/console/sign-in';
import { renderPage } from '../../../shared/ui/page';
import { workshopListPage } from '../../../shared/web/pages/workshop-list';
import { siteCss } from '../../../shared/ui/styles';
import { hostileTitle, publicWorkshop, renderEnvironment, workshop } from './fixtures';
import { attributes, byId, focusables, mainOf, openTags, text, textOfId } from './html';

renderEnvironment({ orgName: 'Riverside Peers' });

const admin: ConsoleOrganizer = { email: 'ada@example.org', role: 'admin' };
const organizer: ConsoleOrganizer = { email: 'sam@example.org', role: 'organizer' };
const csrf = 'csrf-token-abc123';

const dashWorkshop = (overrides: Partial<DashboardWorkshop> = {}): DashboardWorkshop => {
  const { id, title, startsAt, endsAt, timezone, status, capacity, confirmedCount, waitlistCount, waitlist } = workshop();
  return { id, title, startsAt, endsAt, timezone, status, capacity, confirmedCount, waitlistCount, waitlist, ...overrides };
};

const bodyOf = (page: HttpResult) => page.body ?? '';
const headerOf = (html: string) => html.slice(html.indexOf('<header'), html.indexOf('</header>'));
const navOf = (html: string) => html.slice(html.indexOf('<nav'), html.indexOf('</nav>'));
const formsOf = (html: string) => html.match(/<form\b[\s\S]*?<\/form>/g) ?? [];

/** Rendered inside each test, after the environment is set. */
const signedInPages: [string, () => HttpResult][] = [
  ['dashboard (admin)', () => dashboardPage({ organizer: admin, csrfToken: csrf, workshops: [dashWorkshop()] })],
  ['dashboard (organizer)', () => dashboardPage({ organizer, csrfToken: csrf, workshops: [dashWorkshop()] })],
  ['empty dashboard', () => dashboardPage({ organizer, csrfToken: csrf, workshops: [] })],
  ['bare console page', () => consolePage({ title: 'Plain', organizer, csrfToken: csrf, children: <h1>Hello</h1> })],
  // The campaign pages render the same Document with their own policy.
  ['bare campaign page', () => campaignConsolePage({ title: 'Campaigns', organizer, csrfToken: csrf, children: <h1>Campaigns</h1> })],
];
const signedOutPages: [string, () => HttpResult][] = [
  ['sign in', () => signInPage({})],
  ['sign in with error', () => signInPage({ email: 'nope', error: 'Enter an email address like name@example.org' })],
  ['sign-in link sent', () => signInSentPage()],
  ['sign-in rate limited', () => signInRateLimitedPage()],
  ['confirm sign-in', () => confirmSignInPage({ token: 'tok' })],
  ['sign-in link used', () => signInLinkProblemPage({ reason: 'used' })],
  ['sign-in link expired', () => signInLinkProblemPage({ reason: 'expired' })],
  ['sign-in link invalid', () => signInLinkProblemPage({ reason: 'invalid' })],
  ['signed out', () => signedOutPage()],
];
const everyConsolePage = [...signedInPages, ...signedOutPages];

describe('every console page', () => {
  it.each(everyConsolePage)('%s has the crisis footer from the shared shell', (_name, render) => {
    const html = bodyOf(render());
    const footer = html.slice(html.indexOf('<footer'), html.indexOf('</footer>'));
    expect(footer).toContain('Need help now?');
    expect(text(footer)).toMatch(/Peer support is not crisis care/);
    expect(text(footer)).toContain('Test Crisis Line: Call 000-TEST');
    expect(footer).toContain('href="/about/accessibility"');
    expect(footer).toContain('<a href="/privacy">Privacy</a>');
  });

  it.each(everyConsolePage)('%s is a complete document with lang, a title, one main and one h1', (_name, render) => {
    const html = bodyOf(render());
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toMatch(/<title>[^<]+ – Riverside Peers<\/title>/);
    expect(openTags(html, 'main')).toEqual(['<main id="main" class="wrap">']);
    expect(openTags(html, 'h1')).toHaveLength(1);
  });

  it.each(everyConsolePage)('%s starts with the skip link to main', (_name, render) => {
    const html = bodyOf(render());
    expect(attributes(focusables(html)[0]!).href).toBe('#main');
    expect(html).toContain('>Skip to main content</a>');
  });

  it.each(everyConsolePage)('%s asks search engines not to index it', (_name, render) => {
    const html = bodyOf(render());
    const robots = openTags(html, 'meta').filter((tag) => attributes(tag).name === 'robots');
    expect(robots.map((tag) => attributes(tag).content)).toEqual(['noindex']);
    expect(html.indexOf('name="robots"')).toBeLessThan(html.indexOf('</head>'));
  });

  it.each(everyConsolePage)('%s is allowed by the CSP: the hashed site CSS, no style attributes, no scripts', (_name, render) => {
    const page = render();
    const html = bodyOf(page);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    expect(css).toBe(siteCss);
    const hash = createHash('sha256').update(css!, 'utf8').digest('base64');
    expect(String(page.headers?.['content-security-policy'])).toContain(`style-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/<script/i);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });

  it('leaves public pages indexable and their header unchanged', () => {
    for (const html of [bodyOf(workshopListPage([publicWorkshop()])), bodyOf(renderPage({ title: 'Plain', children: <h1>Hi</h1> }))]) {
      expect(html).not.toContain('name="robots"');
      expect(headerOf(html)).not.toContain('<nav');
      expect(html).not.toContain('/console');
    }
  });
});

describe('console header', () => {
  it.each(signedInPages)('%s has a sign-out POST form carrying the CSRF token as a hidden input', (_name, render) => {
    const html = bodyOf(render());
    const header = headerOf(html);
    const signOut = formsOf(html).filter((form) => attributes(openTags(form, 'form')[0]!).action === '/console/sign-out');
    expect(signOut).toHaveLength(1);
    const form = signOut[0]!;
    expect(header).toContain(form);
    expect(attributes(openTags(form, 'form')[0]!).method).toBe('post');
    expect(openTags(form, 'input').map(attributes)).toEqual([{ type: 'hidden', name: 'csrf', value: csrf }]);
    expect(form).toMatch(/<button type="submit"[^>]*>Sign out<\/button>/);
    // Signing out is never a link (prefetchers would sign people out).
    expect(openTags(html, 'a').map((a) => attributes(a).href)).not.toContain('/console/sign-out');
  });

  it('escapes the CSRF token and the email address', () => {
    const html = bodyOf(consolePage({ title: 'T', organizer: { email: 'x"><b>@example.org', role: 'organizer' }, csrfToken: 'a"b<c', children: <h1>T</h1> }));
    expect(html).toContain('name="csrf" value="a&quot;b&lt;c"');
    expect(html).not.toContain('<b>');
    expect(text(headerOf(html))).toContain('Signed in as x"><b>@example.org');
  });

  it('says who is signed in', () => {
    expect(text(headerOf(bodyOf(dashboardPage({ organizer, csrfToken: csrf, workshops: [] }))))).toContain('Signed in as sam@example.org');
  });

  it('shows admins the admin pages, in order', () => {
    const links = openTags(navOf(bodyOf(dashboardPage({ organizer: admin, csrfToken: csrf, workshops: [] }))), 'a').map((a) => attributes(a).href);
    expect(links).toEqual(['/console', '/console/subscribers', '/console/topics', '/console/campaigns', '/console/organizers', '/console/api-keys', '/console/audit', '/console/people']);
    expect(text(navOf(bodyOf(dashboardPage({ organizer: admin, csrfToken: csrf, workshops: [] }))))).toBe('Dashboard Subscribers Topics Campaigns Organizers API keys Audit log People’s data');
  });

  it('does not show organizers the admin pages', () => {
    const html = bodyOf(dashboardPage({ organizer, csrfToken: csrf, workshops: [] }));
    expect(openTags(navOf(html), 'a').map((a) => attributes(a).href)).toEqual(['/console', '/console/subscribers', '/console/topics', '/console/campaigns']);
    for (const path of ['/console/organizers', '/console/api-keys', '/console/audit', '/console/people']) expect(html).not.toContain(`href="${path}"`);
    expect(text(html)).not.toMatch(/API keys|Audit log/);
  });

  it('is a labelled nav landmark, and marks the current page', () => {
    const html = bodyOf(dashboardPage({ organizer, csrfToken: csrf, workshops: [] }));
    expect(openTags(html, 'nav').map(attributes)).toEqual([{ class: 'console-nav', 'aria-label': 'Organizer pages' }]);
    expect(openTags(navOf(html), 'a').filter((a) => 'aria-current' in attributes(a))).toEqual(['<a href="/console" aria-current="page">']);
    const other = bodyOf(consolePage({ title: 'T', organizer, csrfToken: csrf, children: <h1>T</h1> }));
    expect(openTags(other, 'a').filter((a) => 'aria-current' in attributes(a))).toEqual([]);
  });
});

describe('sign in', () => {
  it('has one email field posting to /console/sign-in, and says the link works once for 15 minutes', () => {
    const page = signInPage({});
    const html = bodyOf(page);
    const forms = formsOf(mainOf(html));
    expect(forms).toHaveLength(1);
    expect(attributes(openTags(forms[0]!, 'form')[0]!)).toEqual({ method: 'post', action: '/console/sign-in' });
    expect(openTags(forms[0]!, 'input')).toHaveLength(1);
    expect(byId(html, 'email').attrs).toMatchObject({ type: 'email', name: 'email', autocomplete: 'email', value: '', 'aria-describedby': 'email-hint' });
    expect(openTags(html, 'label').filter((label) => attributes(label).for === 'email')).toHaveLength(1);
    expect(html).toContain('<label for="email">Your email address</label>');
    expect(forms[0]).toMatch(/<button type="submit">Email me a sign-in link<\/button>/);
    expect(text(mainOf(html))).toContain('It works once, for 15 minutes.');
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('role="alert"');
    expect(page.statusCode).toBe(200);
  });

  it('shows an error next to the field and in the summary, keeps the typed value, and answers 400', () => {
    const page = signInPage({ email: 'kim"<@example', error: 'Enter an email address like name@example.org' });
    const html = bodyOf(page);
    expect(page.statusCode).toBe(400);
    const input = byId(html, 'email').attrs;
    expect(input['aria-invalid']).toBe('true');
    expect(input['aria-describedby']!.split(' ')).toEqual(['email-hint', 'email-error']);
    expect(input.value).toBe('kim&quot;&lt;@example');
    expect(textOfId(html, 'email-error')).toBe('Error: Enter an email address like name@example.org');
    const main = mainOf(html);
    expect(main.indexOf('role="alert"')).toBeLessThan(main.indexOf('<h1'));
    expect(openTags(main.slice(0, main.indexOf('<h1')), 'a').map((a) => attributes(a).href)).toEqual(['#email']);
    expect(html).toMatch(/<title>Error: /);
    expect(signInPage({ error: 'x', status: 422 }).statusCode).toBe(422);
  });

  it('"check your email" takes no input and says the same thing for every address', () => {
    expect(signInSentPage.length).toBe(0);
    const html = bodyOf(signInSentPage());
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the rule is wrong here: the assertion is what lets the test call the page with arguments it does not take (tsc: TS2554 without it)
    const anyArgs = signInSentPage as unknown as (...args: unknown[]) => HttpResult;
    expect(bodyOf(anyArgs({ email: 'known@example.org', known: true }))).toBe(html);
    expect(bodyOf(anyArgs('stranger@example.org'))).toBe(html);
    expect(text(mainOf(html))).toContain(
      'Check your email If this address belongs to an organizer, we have sent a sign-in link. It works once, for 15 minutes.',
    );
    expect(html).not.toContain('@example.org');
    expect(openTags(mainOf(html), 'a').map((a) => attributes(a).href)).toContain('/console/sign-in');
    expect(signInSentPage().statusCode).toBe(200);
  });

  it('rate limited: 429 with a plain "wait 15 minutes" and Retry-After', () => {
    const page = signInRateLimitedPage();
    expect(page.statusCode).toBe(429);
    expect(page.headers?.['retry-after']).toBe('900');
    const main = text(mainOf(bodyOf(page)));
    expect(main).toMatch(/too many sign-in requests/i);
    expect(main).toMatch(/wait 15 minutes, then try again/);
    expect(main).not.toMatch(/error|went wrong/i);
  });

  it('the link page signs in only by one POST form with the token, never by a link', () => {
    const token = 'v1.abc"<def';
    const page = confirmSignInPage({ token });
    const html = bodyOf(page);
    expect(page.statusCode).toBe(200);
    const forms = formsOf(html).filter((form) => !form.includes('action="/console/sign-out"'));
    expect(forms).toHaveLength(1);
    expect(openTags(html, 'form')).toHaveLength(1);
    const form = forms[0]!;
    expect(attributes(openTags(form, 'form')[0]!)).toEqual({ method: 'post', action: '/console/sign-in/confirm' });
    expect(openTags(form, 'input').map(attributes)).toEqual([{ type: 'hidden', name: 'token', value: 'v1.abc&quot;&lt;def' }]);
    expect(form).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(openTags(html, 'button')).toHaveLength(1);
    for (const a of openTags(html, 'a')) {
      const href = attributes(a).href ?? '';
      expect(href).not.toContain('confirm');
      expect(href).not.toContain('abc');
    }
    expect(text(mainOf(html))).toMatch(/^Sign in to Riverside Peers Press the button to sign in on this device\./);
  });

  it.each([
    ['used', 410, /already been used/],
    ['expired', 410, /expired/],
    ['invalid', 400, /does not work/],
  ] as const)('a %s link answers %i, says so, and offers a new link', (reason, status, heading) => {
    const page = signInLinkProblemPage({ reason });
    expect(page.statusCode).toBe(status);
    const html = bodyOf(page);
    expect(text(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '')).toMatch(heading);
    expect(openTags(mainOf(html), 'a').map((a) => attributes(a).href)).toEqual(['/console/sign-in']);
    expect(text(mainOf(html))).toContain('Get a new sign-in link');
    expect(openTags(html, 'form')).toHaveLength(0);
  });

  it('signed out: says so and links to sign in again', () => {
    const page = signedOutPage();
    const html = mainOf(bodyOf(page));
    expect(page.statusCode).toBe(200);
    expect(text(html)).toMatch(/^You are signed out/);
    expect(openTags(html, 'a').map((a) => attributes(a).href)).toEqual(['/console/sign-in']);
    expect(openTags(bodyOf(page), 'form')).toHaveLength(0);
  });
});

describe('dashboard', () => {
  const render = (workshops: DashboardWorkshop[]) => mainOf(bodyOf(dashboardPage({ organizer, csrfToken: csrf, workshops })));

  it('shows each workshop linked to its console page, with time, status and places as text and a meter', () => {
    const html = render([dashWorkshop({ id: 'wk_1', capacity: 20, confirmedCount: 12, waitlistCount: 3 })]);
    expect(openTags(html, 'a').map((a) => attributes(a).href)).toEqual(['/console/workshops/new', '/console/workshops/wk_1']);
    const all = text(html);
    expect(all).toContain('When Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time');
    expect(all).toContain('Status Published');
    expect(all).toContain('12 of 20 places taken');
    expect(all).toContain('3 on the waitlist');
    const [meter] = openTags(html, 'meter');
    const attrs = attributes(meter!);
    expect(attrs).toMatchObject({ min: '0', max: '20', value: '12' });
    expect(textOfId(html, attrs['aria-labelledby']!)).toBe('12 of 20 places taken');
  });

  it('leaves the waitlist line out when nobody is waiting, and says when there is no waitlist', () => {
    expect(text(render([dashWorkshop({ waitlistCount: 0, waitlist: true })]))).not.toMatch(/waitlist/i);
    expect(text(render([dashWorkshop({ waitlistCount: 0, waitlist: false })]))).toContain('No waitlist');
    expect(text(render([dashWorkshop({ waitlistCount: 1, waitlist: false })]))).toContain('1 on the waitlist');
  });

  it('names the status in words', () => {
    const html = render([
      dashWorkshop({ id: 'a', status: 'draft' }),
      dashWorkshop({ id: 'b', status: 'published' }),
      dashWorkshop({ id: 'c', status: 'cancelled' }),
    ]);
    const statuses = [...html.matchAll(/<span class="status">([^<]*)<\/span>/g)].map((match) => match[1]);
    expect(statuses).toEqual(['Draft', 'Published', 'Cancelled']);
  });

  it('keeps the order it is given and gives every meter its own label', () => {
    const html = render([
      dashWorkshop({ id: 'first', title: 'First', capacity: 1, confirmedCount: 1 }),
      dashWorkshop({ id: 'second', title: 'Second', capacity: 8, confirmedCount: 0 }),
    ]);
    expect(openTags(html, 'h2').length).toBe(2);
    expect(text(html).indexOf('First')).toBeLessThan(text(html).indexOf('Second'));
    const labels = openTags(html, 'meter').map((meter) => textOfId(html, attributes(meter)['aria-labelledby']!));
    expect(labels).toEqual(['1 of 1 place taken', '0 of 8 places taken']);
  });

  it('escapes hostile titles and ids', () => {
    const page = bodyOf(dashboardPage({ organizer, csrfToken: csrf, workshops: [dashWorkshop({ id: 'a"b/c', title: hostileTitle })] }));
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script>alert(1)&lt;/script>');
    expect(page).toContain('href="/console/workshops/a%22b%2Fc"');
  });

  it('has an empty state and the "New workshop" link', () => {
    const html = render([]);
    expect(text(html)).toContain('There are no upcoming workshops yet.');
    expect(openTags(html, 'ul')).toHaveLength(0);
    expect(openTags(html, 'meter')).toHaveLength(0);
    expect(html).toMatch(/<a [^>]*href="\/console\/workshops\/new"[^>]*>New workshop<\/a>/);
  });
});

describe('console CSS', () => {
  const rule = (selector: string) => new RegExp(`(?:^|\\})${selector.replace(/[.[\]=]/g, '\\$&')}\\{([^}]*)\\}`, 'm').exec(siteCss)?.[1] ?? '';
  it.each(['.console-nav a', '.action-link'])('%s is a target at least 24px high', (selector) => {
    const height = /min-height:([\d.]+)rem/.exec(rule(selector));
    expect(Number(height?.[1]) * 16).toBeGreaterThanOrEqual(24);
  });

  it('wraps the header and places on narrow screens and marks the current page without colour', () => {
    expect(rule('.console-bar')).toContain('flex-wrap:wrap');
    expect(rule('.console-nav ul')).toContain('flex-wrap:wrap');
    expect(rule('.places')).toContain('flex-wrap:wrap');
    expect(rule('meter')).toContain('max-width:100%');
    expect(rule('.console-nav a[aria-current=page]')).toContain('font-weight:700');
  });
});
