import { describe, expect, it } from 'vitest';
import type { InventoryEntry } from '../../../shared/kernel/inventory';
import { inventory } from '../../../shared/inventory';
import { backups, groupOf, whoCanSee } from '../../../shared/ui/privacy';
import { privacyPage } from '../../../shared/web/pages/privacy';
import { renderEnvironment } from './fixtures';
import { mainOf, openTags, text } from './html';

renderEnvironment({ orgName: 'Riverside Peers' });

const entry = (overrides: Partial<InventoryEntry> & Pick<InventoryEntry, 'entity' | 'owner'>): InventoryEntry => ({
  keys: { pk: 'X#', sk: '' },
  about: 'Something kept.',
  personal: {},
  other: [],
  kept: 'until it is removed',
  removal: 'kept',
  ...overrides,
});

/** Small entries in the inventory's shape, not Hearth's own (another engineer writes those). */
const fixtures: InventoryEntry[] = [
  entry({
    entity: 'registration',
    owner: 'workshops',
    keys: { pk: 'WS#', sk: 'REG#' },
    about: 'One person’s place at one workshop.',
    personal: {
      email: { what: 'the email address the person registered with', why: 'to send the details of the workshop and any changes' },
      accessibilityNeeds: { what: 'the accessibility needs they wrote', why: 'so that the organizers can prepare' },
    },
    other: ['id', 'status'],
    kept: 'until 30 days after the workshop',
    removal: 'sweep',
  }),
  entry({ entity: 'workshop', owner: 'workshops', about: 'A workshop as organizers wrote it.', other: ['title'] }),
  entry({
    entity: 'subscriber',
    owner: 'mailing-list',
    about: 'Someone on the mailing list.',
    personal: { email: { what: 'the subscriber’s email address', why: 'to send the mailings they asked for' } },
    kept: 'until they leave the list',
    removal: 'on-request',
  }),
  entry({ entity: 'topic', owner: 'mailing-list', about: 'A subject of mailings.' }),
  entry({ entity: 'audit entry', owner: 'kernel/audit', about: 'What an organizer changed.', personal: { actor: { what: 'who made the change, by id', why: 'to see who changed what' } }, kept: 'for a year', removal: 'ttl' }),
  entry({ entity: 'rate counter', owner: 'kernel/rate-limit', about: 'How many requests came from one client.', kept: 'for its window', removal: 'ttl' }),
  entry({
    entity: 'note <script>alert(1)</script>',
    owner: 'something-new',
    about: 'About <script>alert(2)</script>',
    personal: { note: { what: 'a note <script>alert(3)</script>', why: 'because <b>bold</b>' } },
    kept: 'for <i>ever</i>',
    removal: 'on-request',
  }),
];

const html = () => privacyPage(fixtures).body ?? '';

describe('the privacy page', () => {
  it('says, for each entry with personal data, what it is about, each field’s what and why, and how long it is kept', () => {
    const all = text(mainOf(html()));
    expect(all).toContain('Registration One person’s place at one workshop.');
    expect(all).toContain('The email address the person registered with To send the details of the workshop and any changes.');
    expect(all).toContain('The accessibility needs they wrote So that the organizers can prepare.');
    expect(all).toContain('How long it is kept Until 30 days after the workshop. The personal parts are erased automatically');
    expect(all).toContain('The subscriber’s email address To send the mailings they asked for.');
    expect(all).toContain('Until they leave the list. Removed with what it belongs to (a cancelled place, a removed organizer).');
    expect(all).toContain('Who made the change, by id To see who changed what.');
  });

  it('groups the entries as a person would recognise them, and lists those with nothing personal in one line', () => {
    const main = mainOf(html());
    const h2s = [...main.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(h2s.slice(0, 4)).toEqual(['Workshops and registration', 'The mailing list', 'Security and rate limits', 'The audit log']);
    expect(h2s).toContain('Everything else');
    expect(h2s.slice(-3)).toEqual(['Who can see what', 'Backups', 'Ask for a copy, or to have it erased']);
    const all = text(main);
    expect(all).toContain('Also kept, with nothing personal in it: workshop.');
    expect(all).toContain('Also kept, with nothing personal in it: topic.');
    expect(all).toContain('Also kept, with nothing personal in it: rate counter.');
    expect(openTags(main, 'h3').length).toBe(4);
  });

  it('says who can see what, how long backups keep deleted data, and how to ask for a copy or erasure', () => {
    const all = text(mainOf(html()));
    for (const line of whoCanSee) expect(all).toContain(line);
    expect(all).toContain(backups);
    expect(all).toMatch(/deleted stays in that backup for up to 35 days/);
    expect(all).toMatch(/On the same page you can have everything kept about you erased, after one confirmation/);
    expect(all).toMatch(/If you cannot use email, write to Riverside Peers or call them/);
    expect(all).toMatch(/ask for a link on the "See your data" page \(\/my-data\)/);
    expect(html()).toContain('href="/my-data"');
  });

  it('is in the page shell with the crisis footer and the footer links', () => {
    const body = html();
    const footer = body.slice(body.indexOf('<footer'), body.indexOf('</footer>'));
    expect(text(footer)).toMatch(/Need help now\? Peer support is not crisis care/);
    expect(footer).toContain('href="/privacy"');
    expect(footer).toContain('href="/about/accessibility"');
    expect(body).toMatch(/<title>Privacy – Riverside Peers<\/title>/);
    expect(openTags(body, 'h1')).toHaveLength(1);
  });

  it('escapes what the inventory says', () => {
    const body = html();
    expect(body).not.toMatch(/<script>alert\(\d\)<\/script>/);
    expect(body).toContain('&lt;script>alert(1)&lt;/script>');
    expect(body).toContain('&lt;script>alert(2)&lt;/script>');
    expect(body).toContain('&lt;script>alert(3)&lt;/script>');
    expect(body).not.toContain('<b>bold</b>');
    expect(body).not.toContain('<i>ever</i>');
  });
});

describe('the groups', () => {
  it('by owner, the kernel’s audit log and rate limits included, and an owner no group names still shown', () => {
    expect(groupOf({ owner: 'surveys' })).toBe('Feedback surveys');
    expect(groupOf({ owner: 'campaigns' })).toBe('Campaigns');
    expect(groupOf({ owner: 'console' })).toBe('The organizer console');
    expect(groupOf({ owner: 'mail' })).toBe('Mail delivery');
    expect(groupOf({ owner: 'reminders' })).toBe('Reminders');
    expect(groupOf({ owner: 'kernel/audit' })).toBe('The audit log');
    expect(groupOf({ owner: 'kernel/rate-limit' })).toBe('Security and rate limits');
    expect(groupOf({ owner: 'something-new' })).toBe('Everything else');
  });

  it('leaves nothing of Hearth’s own inventory under "Everything else"', () => {
    expect(inventory.filter((entry) => groupOf(entry) === 'Everything else').map((entry) => `${entry.owner}: ${entry.entity}`)).toEqual([]);
  });
});
