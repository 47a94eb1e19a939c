import { describe, expect, it } from 'vitest';
import { accessibilityPage } from '../../../shared/web/pages/accessibility';
import { cancelConfirmPage, cancelDonePage, linkProblemPage } from '../../../shared/web/pages/cancel';
import { errorPage } from '../../../shared/web/pages/error';
import { registrationResultPage } from '../../../shared/web/pages/registration-result';
import { workshopListPage } from '../../../shared/web/pages/workshop-list';
import { hostileTitle, publicWorkshop } from './fixtures';
import { attributes, mainOf, openTags, text } from './html';

const main = (page: { body?: string }) => mainOf(page.body ?? '');

describe('workshop list', () => {
  it('lists each workshop soonest first, linked, with time, format and places', () => {
    const html = main(
      workshopListPage([
        publicWorkshop({ id: 'later', title: 'Later one', startsAt: '2026-12-08T23:00:00Z', endsAt: '2026-12-09T00:00:00Z', format: 'in-person', seatsLeft: 0, full: true, waitlistOpen: false }),
        publicWorkshop({ id: 'soon', title: 'Soon one', format: 'hybrid', seatsLeft: 3 }),
        publicWorkshop({ id: 'mid', title: 'Mid one', startsAt: '2026-12-05T15:00:00Z', endsAt: '2026-12-05T16:00:00Z', seatsLeft: 0, full: true, waitlistOpen: true }),
      ]),
    );
    const links = openTags(html, 'a').map((a) => attributes(a).href);
    expect(links).toEqual(['/workshops/soon', '/workshops/mid', '/workshops/later']);
    const all = text(html);
    expect(all).toContain('Soon one Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time Online or in person 3 places left');
    expect(all).toContain('Mid one Saturday, December 5, 2026, 10:00 – 11:00 AM Eastern Standard Time Online Full – waitlist open');
    expect(all).toContain('Later one Tuesday, December 8, 2026, 6:00 – 7:00 PM Eastern Standard Time In person Full');
    expect(all).not.toContain('In person Full –');
  });

  it('leaves cancelled workshops out', () => {
    const html = main(workshopListPage([publicWorkshop({ id: 'gone', cancelled: true }), publicWorkshop({ id: 'on' })]));
    expect(openTags(html, 'a').map((a) => attributes(a).href)).toEqual(['/workshops/on']);
    expect(text(main(workshopListPage([publicWorkshop({ cancelled: true })])))).toContain('There are no upcoming workshops right now.');
  });

  it('says so when there is nothing coming up', () => {
    const html = main(workshopListPage([]));
    expect(text(html)).toContain('There are no upcoming workshops right now.');
    expect(openTags(html, 'ul')).toHaveLength(0);
  });

  it('escapes titles and ids', () => {
    const html = workshopListPage([publicWorkshop({ id: 'a"b/c', title: hostileTitle })]).body ?? '';
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain('href="/workshops/a%22b%2Fc"');
  });
});

describe('registration result', () => {
  it('says "Check your inbox", names the address as typed and the workshop, and never the outcome', () => {
    const page = registrationResultPage({ workshop: publicWorkshop(), email: 'kim@example.org' });
    const all = text(main(page));
    expect(all).toMatch(/^Check your inbox We are sending an email to kim@example\.org about: /);
    expect(all).toContain('Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time');
    expect(all).not.toMatch(/number \d+ on the waitlist|already (registered|have)|is confirmed/i);
    expect(page.statusCode).toBe(200);
  });

  it('is the same page for every address but for the address itself', () => {
    const one = registrationResultPage({ workshop: publicWorkshop(), email: 'one@example.org' }).body ?? '';
    const other = registrationResultPage({ workshop: publicWorkshop(), email: 'someone.else@example.org' }).body ?? '';
    expect(one.replace('one@example.org', 'ADDRESS')).toBe(other.replace('someone.else@example.org', 'ADDRESS'));
  });

  it('escapes the title and the address', () => {
    const html = registrationResultPage({ workshop: publicWorkshop({ title: hostileTitle }), email: '"<b>"@example.org' }).body ?? '';
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('<b>');
  });
});

describe('cancel pages', () => {
  it('the confirm page explains and has exactly one POST form with the token and the button', () => {
    const html = main(cancelConfirmPage({ workshop: publicWorkshop(), token: 'tok"en<1>', status: 'confirmed' }));
    const forms = openTags(html, 'form');
    expect(forms).toHaveLength(1);
    expect(attributes(forms[0]!)).toMatchObject({ method: 'post', action: '/registrations/cancel' });
    const inputs = openTags(html, 'input').map(attributes);
    expect(inputs).toEqual([{ type: 'hidden', name: 'token', value: 'tok&quot;en&lt;1>' }]);
    expect(html).toMatch(/<button type="submit">Cancel my registration<\/button>/);
    expect(text(html)).toContain('Nothing has changed yet.');
    // No link on the page does the cancelling: only the form does.
    expect(openTags(html, 'a').some((a) => /cancel/i.test(attributes(a).href ?? ''))).toBe(false);
  });

  it('offers nothing to cancel when the organizers cancelled the workshop', () => {
    const html = main(cancelConfirmPage({ workshop: publicWorkshop({ cancelled: true }), token: 't', status: 'confirmed' }));
    expect(openTags(html, 'form')).toHaveLength(0);
    expect(text(html)).toMatch(/^This workshop is cancelled/);
  });

  it('speaks of the waitlist to someone on it', () => {
    const all = text(main(cancelConfirmPage({ workshop: publicWorkshop(), token: 't', status: 'waitlisted' })));
    expect(all).toMatch(/^Leave the waitlist\?/);
    expect(all).toContain('you leave the waitlist');
  });

  it('done and already-done say different things', () => {
    const done = text(main(cancelDonePage({ workshop: publicWorkshop(), alreadyCancelled: false })));
    expect(done).toMatch(/^Your registration is cancelled Grief circle/);
    const again = text(main(cancelDonePage({ workshop: undefined, alreadyCancelled: true })));
    expect(again).toMatch(/^This registration was already cancelled/);
  });

  it('a broken or expired link says what to do', () => {
    const expired = linkProblemPage({ reason: 'expired' });
    expect(expired.statusCode).toBe(410);
    expect(text(main(expired))).toMatch(/^This link has expired/);
    const invalid = linkProblemPage({ reason: 'invalid' });
    expect(invalid.statusCode).toBe(400);
    for (const page of [expired, invalid]) {
      const all = text(main(page));
      expect(all).toContain('Use the link in the most recent email we sent you');
      expect(all).toContain('contact the organizers');
    }
  });
});

describe('error page', () => {
  it('keeps the status and shows the message as text', () => {
    const page = errorPage(404, 'No workshop <b>here</b> & "there"');
    expect(page.statusCode).toBe(404);
    const html = main(page);
    expect(text(html)).toMatch(/^Page not found No workshop <b>here<\/b> & "there"/);
    expect(html).not.toContain('<b>');
    expect(text(main(errorPage(503, 'Down')))).toMatch(/^Sorry, something went wrong on our side/);
  });
});

describe('accessibility statement', () => {
  it('states the target, what works, how to report a problem and its date', () => {
    const all = text(main(accessibilityPage()));
    expect(all).toContain('WCAG) 2.2 at level AA');
    expect(all).toContain('without JavaScript');
    expect(all).toContain('keyboard');
    expect(all).toContain('400%');
    expect(all).toMatch(/Tell us about a problem .*tell the organizers/);
    expect(accessibilityPage().body).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">/);
  });
});
