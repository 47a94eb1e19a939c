import { describe, expect, it } from 'vitest';
import { toPublicWorkshop } from '../../../shared/workshops/model';
import { workshopPage } from '../../../shared/web/pages/workshop';
import { siteCss } from '../../../shared/ui/styles';
import { hostileTitle, publicWorkshop, workshop } from './fixtures';
import { attributes, byId, mainOf, openTags, text, textOfId } from './html';

const body = (props: Parameters<typeof workshopPage>[0]) => workshopPage(props).body ?? '';

describe('workshop page', () => {
  it('shows the details in the workshop zone, the format, facilitator and places left', () => {
    const html = body({ workshop: publicWorkshop({ seatsLeft: 1 }) });
    const main = text(mainOf(html));
    expect(main).toContain('Tuesday, December 1, 2026, 6:00 – 7:30 PM Eastern Standard Time');
    expect(main).toContain('Online');
    expect(main).toContain('Facilitator Sam');
    expect(main).toContain('1 place left');
  });

  it('never shows the join link or the address (only registrants get them by mail)', () => {
    const source = workshop({ onlineUrl: 'https://meet.example.org/room-secret-42', location: '12 Elm Street, Room 3' });
    const html = body({ workshop: toPublicWorkshop(source) });
    expect(html).not.toContain('room-secret-42');
    expect(html).not.toContain('meet.example.org');
    expect(html).not.toContain('12 Elm Street');
    expect(text(html)).toContain('The link to join and the address are sent by email to people who have a place.');
  });

  it('escapes a hostile title and description instead of running them', () => {
    const html = body({ workshop: publicWorkshop({ title: hostileTitle, description: '<img src=x onerror=alert(1)> & "hi"' }) });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).toContain('&quot;quoted&quot; &amp; more');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)> &amp; &quot;hi&quot;');
    expect(html).toMatch(/<title>Grief circle &lt;script>/);
  });

  it('has the registration form posting to the workshop, with every field labelled', () => {
    const html = body({ workshop: publicWorkshop({ id: 'wk_123' }) });
    const [form] = openTags(html, 'form');
    expect(attributes(form!)).toMatchObject({ method: 'post', action: '/workshops/wk_123/register' });

    const email = byId(html, 'email').attrs;
    expect(email).toMatchObject({ type: 'email', name: 'email', autocomplete: 'email' });
    expect('required' in email).toBe(true);
    expect('required' in byId(html, 'displayName').attrs).toBe(false);
    expect(byId(html, 'accessibilityNeeds').tag.startsWith('<textarea')).toBe(true);
    expect('required' in byId(html, 'accessibilityNeeds').attrs).toBe(false);
    const consent = byId(html, 'consent').attrs;
    expect(consent).toMatchObject({ type: 'checkbox', name: 'consent', value: 'true' });
    expect('required' in consent).toBe(true);

    for (const id of ['email', 'displayName', 'accessibilityNeeds', 'consent']) {
      expect(openTags(html, 'label').filter((label) => attributes(label).for === id)).toHaveLength(1);
    }
    expect(textOfId(html, 'displayName-hint')).toMatch(/facilitator only.*first name or a nickname/);
    expect(textOfId(html, 'accessibilityNeeds-hint')).toMatch(/Only the organizers see this/);
    expect(text(html)).toMatch(/only to send me details about this workshop/);
    expect(text(html)).toMatch(/we use it only to send you details about this workshop/);
    expect(html).toMatch(/<button type="submit">Register<\/button>/);
  });

  it('carries the signed stamp of when it was shown, and a honeypot that people, keyboards and screen readers never meet', () => {
    const html = body({ workshop: publicWorkshop(), formStamp: 'stamp"1' });
    const form = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
    expect(openTags(form, 'input').map(attributes).filter((input) => input.type === 'hidden')).toEqual([{ type: 'hidden', name: 'shownAt', value: 'stamp&quot;1' }]);
    const trap = byId(form, 'website');
    expect(trap.attrs).toMatchObject({ type: 'text', name: 'website', value: '', tabindex: '-1', autocomplete: 'off' });
    const wrapper = form.lastIndexOf('<div', trap.index);
    expect(attributes(form.slice(wrapper, form.indexOf('>', wrapper) + 1))).toEqual({ class: 'aside-field', 'aria-hidden': 'true' });
    expect(text(form.slice(wrapper))).toMatch(/^Leave this field empty/);
    // Off-screen by the stylesheet (the CSP allows no style attributes).
    expect(siteCss).toMatch(/\.aside-field\{position:absolute;left:-10000px/);
  });

  it('shows no errors and no error summary when there are none', () => {
    const html = body({ workshop: publicWorkshop() });
    expect(html).not.toContain('aria-invalid');
    expect(html).not.toContain('role="alert"');
    expect(workshopPage({ workshop: publicWorkshop() }).statusCode).toBe(200);
  });

  it('puts each error next to its field, tied with aria-describedby and aria-invalid', () => {
    const errors = { email: 'Enter an email address like name@example.org', consent: 'Please confirm' };
    const html = body({ workshop: publicWorkshop(), errors });

    for (const [field, message] of Object.entries(errors)) {
      const input = byId(html, field);
      expect(input.attrs['aria-invalid']).toBe('true');
      expect(input.attrs['aria-describedby']!.split(' ')).toContain(`${field}-error`);
      const error = byId(html, `${field}-error`);
      expect(textOfId(html, `${field}-error`)).toBe(`Error: ${message}`);
      // Next to the field: inside the same field group, with no other field in between.
      const between = html.slice(Math.min(error.index, input.index), Math.max(error.index, input.index));
      expect(between).not.toMatch(/class="field[ "]/);
      expect(Math.abs(error.index - input.index)).toBeLessThan(800);
    }
    expect(byId(html, 'displayName').attrs['aria-invalid']).toBeUndefined();
    expect(byId(html, 'displayName').attrs['aria-describedby']).toBe('displayName-hint');
    expect(html).not.toContain('id="displayName-error"');
  });

  it('lists the errors at the top in an alert with links to the fields, in form order', () => {
    const html = body({ workshop: publicWorkshop(), errors: { consent: 'Please confirm', email: 'Enter an email address', _: 'Send at least one field' } });
    const main = mainOf(html);
    const summary = byId(main, 'error-summary-heading');
    expect(summary.index).toBeLessThan(main.indexOf('<h1'));
    expect(main).toMatch(/<div class="error-summary" role="alert" aria-labelledby="error-summary-heading">/);
    const links = openTags(main.slice(0, main.indexOf('<h1')), 'a').map((a) => attributes(a).href);
    expect(links).toEqual(['#email', '#consent']);
    expect(text(main)).toContain('Send at least one field');
    expect(workshopPage({ workshop: publicWorkshop(), errors: { email: 'x' } }).statusCode).toBe(400);
    expect(html).toMatch(/<title>Error: /);
  });

  it('shows a problem with the whole form in the summary', () => {
    const page = workshopPage({ workshop: publicWorkshop(), formError: 'This workshop has just filled up.', status: 409 });
    expect(page.statusCode).toBe(409);
    expect(text(mainOf(page.body ?? ''))).toMatch(/There is a problem This workshop has just filled up\./);
  });

  it('keeps what the person typed, escaped', () => {
    const html = body({
      workshop: publicWorkshop(),
      values: { email: 'kim"@example.org', displayName: 'Kim <3 & co', accessibilityNeeds: 'Captions\n</textarea><script>x</script>', consent: 'true' },
      errors: { email: 'Enter an email address' },
    });
    expect(byId(html, 'email').attrs.value).toBe('kim&quot;@example.org');
    expect(byId(html, 'displayName').attrs.value).toBe('Kim &lt;3 &amp; co');
    expect(html).toContain('Captions\n&lt;/textarea>&lt;script>x&lt;/script></textarea>');
    expect('checked' in byId(html, 'consent').attrs).toBe(true);
    expect('checked' in byId(body({ workshop: publicWorkshop(), values: {} }), 'consent').attrs).toBe(false);
  });

  it('offers the waitlist when full with a waitlist', () => {
    const html = body({ workshop: publicWorkshop({ full: true, seatsLeft: 0, waitlistOpen: true }) });
    expect(html).toMatch(/<button type="submit">Join the waitlist<\/button>/);
    expect(text(html)).toContain('Full – waitlist open');
    expect(text(html)).toMatch(/we email you at once when a place opens up/);
  });

  it('has no form but a clear message when full without a waitlist', () => {
    const html = body({ workshop: publicWorkshop({ full: true, seatsLeft: 0, waitlistOpen: false }) });
    expect(openTags(html, 'form')).toHaveLength(0);
    expect(html).not.toContain('id="email"');
    expect(text(html)).toContain('This workshop is full and has no waitlist, so you cannot register for it.');
  });

  it('says a cancelled workshop is cancelled, without a form', () => {
    const html = body({ workshop: publicWorkshop({ cancelled: true }) });
    expect(openTags(html, 'form')).toHaveLength(0);
    expect(text(mainOf(html))).toMatch(/^Grief circle This workshop is cancelled\./);
  });
});
