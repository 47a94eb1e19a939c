import { describe, expect, it } from 'vitest';
import { subscriptionConfirmationMail, subscriptionConfirmationSubject } from '../../../shared/mailing-list/mails/subscription';
import type { Subscriber, Topic } from '../../../shared/mailing-list/model';
import { filterQuery, subscribersPage } from '../../../shared/web/console/subscribers';
import { topicsPage } from '../../../shared/web/console/topics';
import { preferencesLeftPage, preferencesPage } from '../../../shared/web/pages/preferences';
import { confirmedPage, confirmPage, confirmStalePage, listLinkProblemPage, subscribeAcceptedPage, subscribePage } from '../../../shared/web/pages/subscribe';
import { unsubscribeConfirmPage, unsubscribeDonePage } from '../../../shared/web/pages/unsubscribe';
import { renderEnvironment, testCrisisLine } from './fixtures';
import { attributes, focusables, mainOf, openTags, text } from './html';

renderEnvironment({ baseUrl: 'https://hearth.example.org', orgName: 'Riverside Peers' });

const topics: Topic[] = [
  { slug: 'events', name: 'Events', createdAt: '2026-01-01T00:00:00Z' },
  { slug: 'funding', name: 'Funding <&> "more"', createdAt: '2026-01-01T00:00:00Z' },
];
const main = (page: { body?: string }) => mainOf(page.body ?? '');
const labelled = (html: string) => {
  for (const control of focusables(html).filter((tag) => /^<(input|select|textarea)/i.test(tag))) {
    const id = attributes(control).id;
    expect(id, control).toBeTruthy();
    expect(html, control).toContain(`for="${id}"`);
  }
};

describe('the subscribe page', () => {
  it('has a labelled field for everything, topics as checkboxes in a fieldset, and the consent wording as the checkbox label', () => {
    const page = subscribePage({ topics });
    expect(page.statusCode).toBe(200);
    const html = main(page);
    labelled(html);
    expect(openTags(html, 'form').map(attributes)).toEqual([{ method: 'post', action: '/subscribe' }]);
    expect(html).toContain('<legend>Topics (optional)</legend>');
    const boxes = openTags(html, 'input').map(attributes).filter((a) => a.name === 'topics');
    expect(boxes.map((a) => [a.type, a.value, a.id])).toEqual([
      ['checkbox', 'events', 'topics'],
      ['checkbox', 'funding', 'topics-1'],
    ]);
    expect(text(html)).toContain('Funding <&> "more"');
    expect(html).not.toContain('<&>');
    expect(text(html)).toContain(
      'I want to get advocacy mailings from Riverside Peers at this email address. I can leave the list at any time with the link in every mailing. (required)',
    );
    expect(page.body).not.toMatch(/<script/i);
    // The crisis resources, as on every page.
    expect(text(page.body ?? '')).toContain(testCrisisLine.name);
  });

  it('shows errors in a summary linked to the fields, next to each field, and keeps what was typed', () => {
    const page = subscribePage({
      topics,
      values: { email: 'x"><script>', displayName: 'Kim', topics: ['funding'] },
      errors: { email: 'Enter an email address like name@example.org', topics: 'Unknown topic: gardening', consent: 'Please confirm that you want to get our mailings' },
    });
    expect(page.statusCode).toBe(400);
    const html = main(page);
    const summary = html.slice(html.indexOf('class="error-summary"'), html.indexOf('</div>', html.indexOf('class="error-summary"')));
    expect(openTags(summary, 'a').map((a) => attributes(a).href)).toEqual(['#email', '#topics', '#consent']);
    expect(text(summary)).toContain('Topics: Unknown topic: gardening');
    expect(attributes(openTags(html, 'input').find((tag) => attributes(tag).id === 'email')!)['aria-invalid']).toBe('true');
    expect(html).toContain('value="x&quot;>&lt;script>"');
    expect(html).toMatch(/value="funding" checked/);
    expect(html).not.toMatch(/value="events" checked/);
    expect(page.body).toContain('<title>Error: Join our mailing list');
  });

  it('has no topics fieldset when there are no topics', () => {
    expect(main(subscribePage({ topics: [] }))).not.toContain('<fieldset');
  });
});

describe('the other pages of the list', () => {
  it('after subscribing: the same page whatever the address, without the address', () => {
    expect(text(main(subscribeAcceptedPage()))).toContain('Check your email');
  });

  it('the confirmation link opens a page with one button that posts the token; nothing else', () => {
    const html = main(confirmPage('tok"en'));
    expect(openTags(html, 'form').map(attributes)).toEqual([{ method: 'post', action: '/subscribe/confirm' }]);
    expect(openTags(html, 'input').map(attributes)).toEqual([{ type: 'hidden', name: 'token', value: 'tok&quot;en' }]);
    expect(text(main(confirmedPage({ already: false, preferencesUrl: 'https://hearth.example.org/preferences?token=a' })))).toContain('You are on the list');
    expect(confirmStalePage().statusCode).toBe(409);
  });

  it('a bad link is 400, an expired one 410, and both say nothing changed', () => {
    for (const link of ['confirm', 'unsubscribe', 'preferences'] as const) {
      expect(listLinkProblemPage('invalid', link).statusCode).toBe(400);
      expect(listLinkProblemPage('expired', link).statusCode).toBe(410);
      expect(text(main(listLinkProblemPage('expired', link)))).toContain('Nothing has been changed.');
    }
  });

  it('the unsubscribe page posts to its own URL with the one-click field, and changes nothing by itself', () => {
    const html = main(unsubscribeConfirmPage('/unsubscribe?token=a%2Eb&x="y"'));
    expect(openTags(html, 'form').map(attributes)).toEqual([{ method: 'post', action: '/unsubscribe?token=a%2Eb&amp;x=&quot;y&quot;' }]);
    expect(openTags(html, 'input').map(attributes)).toEqual([{ type: 'hidden', name: 'List-Unsubscribe', value: 'One-Click' }]);
    expect(text(main(unsubscribeDonePage(false)))).toContain('You have left the list');
    expect(text(main(unsubscribeDonePage(true)))).toContain('You are not on the list');
  });

  it('the preferences page: the topics ticked, a save form and a leave form, both with the token', () => {
    const page = preferencesPage({ token: 'tok', topics, chosen: ['events'], status: 'confirmed' });
    const html = main(page);
    labelled(html);
    expect(openTags(html, 'form').map(attributes)).toEqual([
      { method: 'post', action: '/preferences' },
      { method: 'post', action: '/preferences' },
    ]);
    expect(openTags(html, 'input').filter((tag) => attributes(tag).name === 'action').map((tag) => attributes(tag).value)).toEqual(['save', 'leave']);
    expect(html).toMatch(/value="events" checked/);
    expect(html).not.toMatch(/value="funding" checked/);
    expect(text(main(preferencesPage({ token: 'tok', topics, chosen: [], status: 'pending' })))).toContain('not confirmed yet');
    expect(text(main(preferencesLeftPage()))).toContain('You are not on the list');
  });
});

describe('the confirmation mail', () => {
  it('has a neutral subject and preview, the link in both parts, and ends with the crisis resources', () => {
    const mail = subscriptionConfirmationMail({ url: 'https://hearth.example.org/subscribe/confirm?token=abc.def', expiresAt: new Date('2026-06-08T12:00:00Z') });
    expect(mail.subject).toBe(subscriptionConfirmationSubject);
    expect(mail.subject).toBe('Please confirm your email address');
    expect(mail.text).toContain('Confirm my email address: https://hearth.example.org/subscribe/confirm?token=abc.def');
    expect(mail.html).toContain('href="https://hearth.example.org/subscribe/confirm?token=abc.def"');
    expect(mail.text).toContain('Riverside Peers');
    expect(mail.text.trimEnd().endsWith(`- ${testCrisisLine.name}: ${testCrisisLine.contact} (${testCrisisLine.url})`)).toBe(true);
    expect(text(mail.html)).toContain('Need help now?');
    expect(mail.text).toMatch(/ignore this email/);
  });
});

describe('console pages', () => {
  const organizer = { email: 'sam@example.org', role: 'organizer' as const };
  const subscriber: Subscriber = {
    id: 's1',
    email: 'kim@example.org',
    displayName: 'Kim <b>',
    status: 'confirmed',
    topics: ['funding', 'gone-topic'],
    consent: { at: '2026-01-02T03:04:00.000Z', wording: 'w', source: 'import' },
    createdAt: '2026-01-02T03:04:00.000Z',
    confirmedAt: '2026-01-02T03:04:00.000Z',
    updatedAt: '2026-01-02T03:04:00.000Z',
  };

  it('subscribers: a search form, the cards, the CSV link (admins only) and the next page keep the selection', () => {
    const filters = { q: 'kim&co', topic: 'funding', status: 'confirmed' as const };
    const html = main(subscribersPage({ organizer, csrfToken: 'c', topics, filters, subscribers: [subscriber], cursor: 'abc', paged: false }));
    labelled(html);
    expect(openTags(html, 'form').map(attributes)).toEqual([{ method: 'get', action: '/console/subscribers', role: 'search', 'aria-label': 'Subscribers' }]);
    const links = openTags(html, 'a').map((a) => attributes(a).href);
    expect(links).not.toContain('/console/subscribers.csv?q=kim%26co&amp;topic=funding&amp;status=confirmed');
    expect(text(html)).toContain('Only admins may download the list.');
    const asAdmin = main(subscribersPage({ organizer: { ...organizer, role: 'admin' }, csrfToken: 'c', topics, filters, subscribers: [subscriber], cursor: 'abc', paged: false }));
    expect(openTags(asAdmin, 'a').map((a) => attributes(a).href)).toContain('/console/subscribers.csv?q=kim%26co&amp;topic=funding&amp;status=confirmed');
    expect(links).toContain('/console/subscribers?q=kim%26co&amp;topic=funding&amp;status=confirmed&amp;cursor=abc');
    expect(text(html)).toContain('Topics Funding <&> "more", gone-topic');
    expect(text(html)).toContain('Kim <b>');
    expect(html).not.toContain('<b>');
    expect(filterQuery({})).toBe('');
  });

  it('topics: the add form with the CSRF token, errors next to the field', () => {
    const page = topicsPage({ organizer, csrfToken: 'c', topics, values: { name: 'Funding' }, errors: { name: 'A topic with this name already exists (funding)' }, status: 409 });
    expect(page.statusCode).toBe(409);
    const html = main(page);
    labelled(html);
    expect(openTags(html, 'input').map(attributes).find((a) => a.name === 'csrf')).toEqual({ type: 'hidden', name: 'csrf', value: 'c' });
    expect(text(html)).toContain('Name: A topic with this name already exists (funding)');
  });
});
