import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../../../shared/http/response';
import { apiKeyCreatedPage, apiKeysPage, type ApiKeyRow } from '../../../shared/web/console/api-keys';
import { auditActionLabel, auditPage, type AuditRow } from '../../../shared/web/console/audit';
import { confirmRemovalPage, organizersPage, type CurrentAdmin, type OrganizerRow } from '../../../shared/web/console/organizers';
import { siteCss } from '../../../shared/ui/styles';
import { renderEnvironment } from './fixtures';
import { attributes, byId, mainOf, openTags, text, textOfId } from './html';

/** The admins' console pages: organizers, API keys, audit log. Rendered as the handler renders them. */
renderEnvironment({ orgName: 'Riverside Peers', baseUrl: 'https://peers.example.org' });

const csrf = 'csrf-token-abc123';
const me: CurrentAdmin = { id: 'org-ada', email: 'ada@example.org', role: 'admin' };
const hostileEmail = 'x"><script>alert(1)</script>@example.org';
const rows: OrganizerRow[] = [
  { id: 'org-ada', email: 'ada@example.org', role: 'admin', createdAt: '2026-01-05T09:00:00Z' },
  { id: 'org-sam', email: 'sam@example.org', role: 'organizer', createdAt: '2026-02-10T09:00:00Z' },
  { id: 'org-kim', email: 'kim@example.org', role: 'admin', createdAt: '2026-03-15T09:00:00Z' },
];
const keys: ApiKeyRow[] = [
  { id: 'key-2', name: 'Website sync', role: 'organizer', scopes: ['read', 'workshops'], createdAt: '2026-03-01T12:00:00Z', expiresAt: '2026-05-30T12:00:00Z', lastUsedAt: '2026-03-02T08:30:00Z' },
  { id: 'key-1', name: 'Old script', role: 'admin', scopes: ['admin'], createdAt: '2026-01-01T12:00:00Z', revokedAt: '2026-02-01T12:00:00Z' },
  { id: 'key-0', name: 'Lapsed', role: 'organizer', scopes: ['campaigns'], createdAt: '2025-01-01T12:00:00Z', expiresAt: '2025-04-01T12:00:00Z' },
];
const at = new Date('2026-03-10T12:00:00Z');
const secret = `hearth_${'A1b2C3d4'.repeat(5)}xyz`;

const bodyOf = (page: HttpResult) => page.body ?? '';
const formsOf = (html: string) => html.match(/<form\b[\s\S]*?<\/form>/g) ?? [];
/** The forms of <main> (the header's sign-out form is tested with the layout). */
const mainForms = (html: string) => formsOf(mainOf(html));
const formAttrs = (form: string) => attributes(openTags(form, 'form')[0]!);
const hiddenInputs = (form: string) =>
  Object.fromEntries(
    openTags(form, 'input')
      .map(attributes)
      .filter((input) => input.type === 'hidden')
      .map((input) => [input.name, input.value]),
  );

const everyPage: [string, () => HttpResult][] = [
  ['organizers', () => organizersPage({ organizer: me, csrfToken: csrf, organizers: rows })],
  ['organizers with errors', () => organizersPage({ organizer: me, csrfToken: csrf, organizers: rows, values: { email: 'nope' }, errors: { email: 'Enter an email address' } })],
  ['organizers with a row error', () => organizersPage({ organizer: me, csrfToken: csrf, organizers: rows, rowErrors: { 'org-ada': 'You are the only admin' }, status: 409 })],
  ['organizer added', () => organizersPage({ organizer: me, csrfToken: csrf, organizers: rows, notice: { kind: 'added', email: 'sam@example.org', role: 'organizer' } })],
  ['confirm removal', () => confirmRemovalPage({ organizer: me, csrfToken: csrf, target: rows[1]! })],
  ['API keys', () => apiKeysPage({ organizer: me, csrfToken: csrf, apiKeys: keys, at })],
  ['API keys, none', () => apiKeysPage({ organizer: me, csrfToken: csrf, apiKeys: [], at })],
  ['API keys with errors', () => apiKeysPage({ organizer: me, csrfToken: csrf, apiKeys: keys, at, errors: { name: 'Enter a name for the key', scopes: 'Choose at least one' } })],
  ['API key created', () => apiKeyCreatedPage({ organizer: me, csrfToken: csrf, apiKey: keys[0]!, secret })],
  ['audit log', () => auditPage({ organizer: me, csrfToken: csrf, entries: [], actors: {}, limit: 200 })],
];

describe('every admin page', () => {
  it.each(everyPage)('%s: one h1, the crisis footer, noindex, hashed CSS only, no scripts or style attributes', (_name, render) => {
    const page = render();
    const html = bodyOf(page);
    expect(openTags(html, 'h1')).toHaveLength(1);
    expect(text(html.slice(html.indexOf('<footer'), html.indexOf('</footer>')))).toContain('Test Crisis Line: Call 000-TEST');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(/<style>([\s\S]*?)<\/style>/.exec(html)?.[1]).toBe(siteCss);
    expect(String(page.headers?.['content-security-policy'])).toContain(`'sha256-${createHash('sha256').update(siteCss).digest('base64')}'`);
    expect(html).not.toMatch(/<script|\sstyle="|javascript:/i);
    expect(page.headers?.['cache-control']).toBe('no-store');
  });

  it.each(everyPage)('%s: every form in main is a POST carrying the session CSRF token', (_name, render) => {
    const html = bodyOf(render());
    for (const form of mainForms(html)) {
      expect(formAttrs(form).method).toBe('post');
      expect(hiddenInputs(form).csrf).toBe(csrf);
    }
  });
});

describe('organizers page', () => {
  const render = (props: Partial<Parameters<typeof organizersPage>[0]> = {}) => organizersPage({ organizer: me, csrfToken: csrf, organizers: rows, ...props });

  it('lists each organizer with role and the date added, marking the signed-in admin', () => {
    const html = mainOf(bodyOf(render()));
    const all = text(html);
    expect(all).toContain('ada@example.org (you) Role Admin Added Monday, January 5, 2026');
    expect(all).toContain('sam@example.org Role Organizer Added Tuesday, February 10, 2026');
    expect(all).toContain('3 people can sign in');
    expect(openTags(html, 'time').map((t) => attributes(t).datetime)).toEqual(rows.map((row) => row.createdAt));
  });

  it('has an add form: email and a role (organizer by default), posting to /console/organizers', () => {
    const page = render();
    expect(page.statusCode).toBe(200);
    const html = bodyOf(page);
    const add = mainForms(html).find((form) => formAttrs(form).action === '/console/organizers')!;
    expect(add).toBeDefined();
    expect(byId(add, 'email').attrs).toMatchObject({ type: 'email', name: 'email', required: '' });
    const radios = openTags(add, 'input').map(attributes).filter((input) => input.type === 'radio');
    expect(radios.map((radio) => [radio.name, radio.value, 'checked' in radio])).toEqual([
      ['role', 'organizer', true],
      ['role', 'admin', false],
    ]);
    for (const radio of radios) expect(add).toContain(`<label for="${radio.id}">`);
    expect(add).toContain('<legend>Role</legend>');
    expect(html).not.toContain('aria-invalid');
  });

  it('per person: one role form switching to the other role; a remove form for everyone but oneself', () => {
    const forms = mainForms(bodyOf(render()));
    const roleForms = forms.filter((form) => (formAttrs(form).action ?? '').endsWith('/role'));
    expect(roleForms.map((form) => [formAttrs(form).action, hiddenInputs(form).role])).toEqual([
      ['/console/organizers/org-ada/role', 'organizer'],
      ['/console/organizers/org-sam/role', 'admin'],
      ['/console/organizers/org-kim/role', 'organizer'],
    ]);
    const removeForms = forms.filter((form) => (formAttrs(form).action ?? '').endsWith('/remove'));
    expect(removeForms.map((form) => formAttrs(form).action)).toEqual(['/console/organizers/org-sam/remove', '/console/organizers/org-kim/remove']);
    // The first step only asks: no confirm field yet.
    for (const form of removeForms) expect(hiddenInputs(form)).toEqual({ csrf });
    // Buttons name the person (label in name: the visible words come first).
    expect(openTags(removeForms[0]!, 'button').map((b) => attributes(b)['aria-label'])).toEqual(['Remove: sam@example.org']);
    expect(text(mainOf(bodyOf(render())))).toContain('You cannot remove yourself');
  });

  it('escapes addresses and ids everywhere', () => {
    const hostile: OrganizerRow = { id: 'a"b/c', email: hostileEmail, role: 'organizer', createdAt: '2026-01-05T09:00:00Z' };
    const html = bodyOf(render({ organizers: [hostile], notice: { kind: 'added', email: hostileEmail, role: 'organizer' }, values: { email: hostileEmail } }));
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('x&quot;>&lt;script>alert(1)&lt;/script>@example.org');
    expect(html).toContain('action="/console/organizers/a%22b%2Fc/role"');
    expect(byId(html, 'email').attrs.value).toBe('x&quot;>&lt;script>alert(1)&lt;/script>@example.org');
  });

  it('shows field errors next to their fields and linked from the summary, keeps values, answers 400', () => {
    const page = render({ values: { email: 'not-an-address', role: 'admin' }, errors: { email: 'Enter an email address like name@example.org', role: 'Choose a role' } });
    expect(page.statusCode).toBe(400);
    const html = bodyOf(page);
    expect(html).toMatch(/<title>Error: Organizers/);
    const email = byId(html, 'email');
    expect(email.attrs['aria-invalid']).toBe('true');
    expect(email.attrs['aria-describedby']!.split(' ')).toEqual(['email-hint', 'email-error']);
    expect(email.attrs.value).toBe('not-an-address');
    expect(textOfId(html, 'email-error')).toBe('Error: Enter an email address like name@example.org');
    expect(byId(html, 'email-error').index).toBeLessThan(email.index);
    expect(textOfId(html, 'role-error')).toBe('Error: Choose a role');
    expect(byId(html, 'role-error').index).toBeLessThan(byId(html, 'role').index);
    expect('checked' in byId(html, 'role-admin').attrs).toBe(true);
    const main = mainOf(html);
    const summary = main.slice(0, main.indexOf('<h1'));
    expect(summary).toContain('role="alert"');
    expect(openTags(summary, 'a').map((a) => attributes(a).href)).toEqual(['#email', '#role']);
  });

  it('shows a refusal next to that person, linked from the summary, with the status given', () => {
    const page = render({ rowErrors: { 'org-ada': 'You are the only admin, so you cannot stop being one.' }, status: 409 });
    expect(page.statusCode).toBe(409);
    const html = bodyOf(page);
    const error = byId(html, 'organizer-org-ada-error');
    expect(textOfId(html, 'organizer-org-ada-error')).toBe('Error: You are the only admin, so you cannot stop being one.');
    // Inside Ada's row, before her role form, and describing its button.
    const roleForm = html.indexOf('action="/console/organizers/org-ada/role"');
    expect(error.index).toBeLessThan(roleForm);
    expect(error.index).toBeGreaterThan(html.indexOf('ada@example.org (you)'));
    const button = openTags(html.slice(roleForm), 'button')[0]!;
    expect(attributes(button)['aria-describedby']).toBe('organizer-org-ada-error');
    const main = mainOf(html);
    expect(openTags(main.slice(0, main.indexOf('<h1')), 'a').map((a) => attributes(a).href)).toEqual(['#organizer-org-ada-error']);
  });

  it('after adding someone: says they can sign in at the base URL’s sign-in page, and that an invitation was mailed', () => {
    const html = mainOf(bodyOf(render({ notice: { kind: 'added', email: 'sam@example.org', role: 'organizer' } })));
    expect(text(html)).toContain('sam@example.org is now an organizer. They can now sign in at https://peers.example.org/console/sign-in.');
    expect(text(html)).toMatch(/emailed them an invitation/);
    expect(html).toContain('href="https://peers.example.org/console/sign-in"');
    expect(text(mainOf(bodyOf(render({ notice: { kind: 'added' } }))))).toContain(
      'The organizer was added. They can now sign in at https://peers.example.org/console/sign-in.',
    );
  });

  it('after a role change or removal: says what happened', () => {
    expect(text(mainOf(bodyOf(render({ notice: { kind: 'role-changed', email: 'sam@example.org', role: 'admin' } }))))).toContain(
      'sam@example.org is now an admin. This applies at once',
    );
    expect(text(mainOf(bodyOf(render({ notice: { kind: 'removed' } }))))).toContain('The organizer was removed.');
  });

  it('marks the nav link of the page', () => {
    expect(openTags(bodyOf(render()), 'a').filter((a) => attributes(a)['aria-current'] === 'page').map((a) => attributes(a).href)).toEqual(['/console/organizers']);
  });
});

describe('removal confirmation', () => {
  it('says what happens and has one POST with confirm=yes and the CSRF token, and a way back', () => {
    const page = confirmRemovalPage({ organizer: me, csrfToken: csrf, target: rows[1]! });
    expect(page.statusCode).toBe(200);
    const html = bodyOf(page);
    const forms = mainForms(html);
    expect(forms).toHaveLength(1);
    expect(formAttrs(forms[0]!)).toEqual({ method: 'post', action: '/console/organizers/org-sam/remove' });
    expect(hiddenInputs(forms[0]!)).toEqual({ csrf, confirm: 'yes' });
    expect(forms[0]).toMatch(/<button type="submit">Yes, remove sam@example.org<\/button>/);
    expect(text(mainOf(html))).toMatch(/^Remove sam@example.org\? sam@example.org \(Organizer\) will no longer be able to sign in\. If they are signed in now, that ends at once\./);
    expect(openTags(mainOf(html), 'a').map((a) => attributes(a).href)).toEqual(['/console/organizers']);
  });

  it('escapes the address', () => {
    const html = bodyOf(confirmRemovalPage({ organizer: me, csrfToken: 'a"b<c', target: { ...rows[1]!, email: hostileEmail } }));
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('name="csrf" value="a&quot;b&lt;c"');
  });
});

describe('API keys page', () => {
  const render = (props: Partial<Parameters<typeof apiKeysPage>[0]> = {}) => apiKeysPage({ organizer: me, csrfToken: csrf, apiKeys: keys, at, ...props });

  it('lists name, scopes, created, expiry, last use and active/revoked/expired; a revoke form only for keys not revoked', () => {
    const html = mainOf(bodyOf(render()));
    const all = text(html);
    expect(all).toContain('Website sync Scopes Read, Workshops Created Sunday, March 1, 2026 Expires Saturday, May 30, 2026 Last used');
    expect(all).toMatch(/Last used [^]*March 2, 2026[^]*\(UTC\) Status Active/);
    expect(all).toContain('Old script Scopes Admin Created Thursday, January 1, 2026 Expires Never (made before keys expired: replace it) Last used Never Status Revoked on Sunday, February 1, 2026');
    expect(all).toContain('Lapsed Scopes Campaigns');
    expect(all).toMatch(/Lapsed [^]*Status Expired/);
    const revokes = mainForms(html).filter((form) => (formAttrs(form).action ?? '').endsWith('/revoke'));
    expect(revokes.map((form) => formAttrs(form).action)).toEqual(['/console/api-keys/key-2/revoke', '/console/api-keys/key-0/revoke']);
    expect(hiddenInputs(revokes[0]!)).toEqual({ csrf });
    expect(openTags(revokes[0]!, 'button').map((b) => attributes(b)['aria-label'])).toEqual(['Revoke: Website sync']);
  });

  it('has a create form with a name, the four scopes (read ticked) and an expiry of 90 days', () => {
    const html = bodyOf(render());
    const create = mainForms(html).find((form) => formAttrs(form).action === '/console/api-keys')!;
    expect(byId(create, 'name').attrs).toMatchObject({ type: 'text', name: 'name', required: '', maxlength: '80' });
    const boxes = openTags(create, 'input').map(attributes).filter((input) => input.type === 'checkbox');
    expect(boxes.map((input) => input.name)).toEqual(['scope-read', 'scope-workshops', 'scope-campaigns', 'scope-admin']);
    expect(boxes.map((input) => 'checked' in input)).toEqual([true, false, false, false]);
    expect(byId(create, 'expiresDays').attrs).toMatchObject({ type: 'number', name: 'expiresDays', min: '1', max: '3650', value: '90' });
  });

  it('never shows a key: nothing that looks like one is on the page', () => {
    expect(bodyOf(render())).not.toMatch(/hearth_[A-Za-z0-9_-]{20,}/);
  });

  it('escapes names and shows field errors next to fields with a 400', () => {
    const page = render({ apiKeys: [{ ...keys[0]!, name: hostileEmail }], values: { name: '<b>x</b>' }, errors: { name: 'At most 80 characters' } });
    expect(page.statusCode).toBe(400);
    const html = bodyOf(page);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<b>x</b>');
    expect(byId(html, 'name').attrs['aria-invalid']).toBe('true');
    expect(textOfId(html, 'name-error')).toBe('Error: At most 80 characters');
  });

  it('after a revoke: says so', () => {
    expect(text(mainOf(bodyOf(render({ revoked: keys[1] }))))).toContain('The key Old script is revoked.');
  });
});

describe('a new API key', () => {
  it('is shown exactly once, as text, with “copy it now, it will not be shown again”', () => {
    const page = apiKeyCreatedPage({ organizer: me, csrfToken: csrf, apiKey: keys[0]!, secret });
    const html = bodyOf(page);
    expect(html.split(secret)).toHaveLength(2);
    expect(textOfId(html, 'new-api-key')).toBe(secret);
    // Not in an attribute (no value= a browser might keep) and not in the title.
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toContain(secret);
    expect(text(mainOf(html))).toContain('Copy it now: it will not be shown again.');
    expect(page.headers?.['cache-control']).toBe('no-store');
    expect(page.statusCode).toBe(201);
    expect(openTags(mainOf(html), 'a').map((a) => attributes(a).href)).toEqual(['/console/api-keys']);
  });

  it('escapes the key and its name', () => {
    const html = bodyOf(apiKeyCreatedPage({ organizer: me, csrfToken: csrf, apiKey: { ...keys[0]!, name: hostileEmail }, secret: '<i>k</i>' }));
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<i>k</i>');
  });
});

describe('audit log page', () => {
  const entries: AuditRow[] = [
    { id: 'e3', at: '2026-03-02T15:30:00Z', actorId: 'org-ada', action: 'api-key-revoked', target: 'key-1' },
    { id: 'e2', at: '2026-03-02T15:00:00Z', actorId: 'org-gone', action: 'organizer-removed', target: 'org-x' },
    { id: 'e1', at: '2026-03-01T09:05:00Z', actorId: 'org-ada', action: 'signed-in' },
  ];
  const render = (list = entries, actors: Record<string, string> = { 'org-ada': 'ada@example.org' }) =>
    mainOf(bodyOf(auditPage({ organizer: me, csrfToken: csrf, entries: list, actors, limit: 200 })));

  it('shows when, who (the address), what and the target id, in the order given (newest first)', () => {
    const items = (render().match(/<li>[\s\S]*?<\/li>/g) ?? []).map(text);
    expect(items).toEqual([
      'When Monday, March 2, 2026, 3:30 PM Coordinated Universal Time Who ada@example.org What Revoked an API key (api-key-revoked) To (id) key-1',
      'When Monday, March 2, 2026, 3:00 PM Coordinated Universal Time Who A removed organizer (id org-gone) What Removed an organizer (organizer-removed) To (id) org-x',
      'When Sunday, March 1, 2026, 9:05 AM Coordinated Universal Time Who ada@example.org What Signed in (signed-in)',
    ]);
  });

  it('names every action of this slice in words, and shows unknown ones by code', () => {
    for (const action of ['organizer-added', 'organizer-role-changed', 'organizer-removed', 'api-key-created', 'api-key-revoked']) {
      expect(auditActionLabel(action)).toMatch(new RegExp(`^[A-Z][^()]+ \\(${action}\\)$`));
    }
    expect(auditActionLabel('workshop-published')).toBe('Published a workshop (workshop-published)');
    expect(auditActionLabel('something-new')).toBe('something-new');
    expect(auditActionLabel('constructor')).toBe('constructor');
    expect(text(render([{ id: 'x', at: '2026-03-01T09:05:00Z', actorId: 'toString', action: 'x' }], {}))).toContain('A removed organizer (id toString)');
  });

  it('escapes actions, targets and addresses', () => {
    const html = render([{ id: 'x', at: '2026-03-01T09:05:00Z', actorId: 'a', action: '<b>x</b>', target: '<i>t</i>' }], { a: hostileEmail });
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<i>t</i>');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('has an empty state', () => {
    expect(text(render([]))).toContain('Nothing has been recorded yet.');
  });
});
