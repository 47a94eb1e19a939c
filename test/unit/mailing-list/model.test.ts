import { describe, expect, it } from 'vitest';
import { SubscribeInput, TopicInput, consentWording, topicSlug } from '../../../shared/mailing-list/model';
import { emailHashUnder } from '../../support/keyed-hash';
import { useLinkSecret } from '../../../shared/link-secret';
import { subscriberEmailKey, subscriberIndex, subscriberKey, topicIndex, topicKey } from '../../../shared/mailing-list/keys';
import { renderEnvironment } from '../web/fixtures';
import { fieldErrors } from '../../../shared/kernel/fields';

renderEnvironment({ orgName: 'Riverside Peers' });

const errorsOf = (value: unknown) => {
  const parsed = SubscribeInput.safeParse(value);
  return parsed.success ? {} : fieldErrors(parsed.error);
};

describe('what someone may send to join the list', () => {
  it('takes an address, an optional name and topic names, and consent: true', () => {
    expect(SubscribeInput.parse({ email: ' Sam@Example.org ', displayName: ' Sam ', topics: [' funding ', 'Events'], consent: true })).toEqual({
      email: 'Sam@Example.org',
      displayName: 'Sam',
      topics: ['funding', 'Events'],
      consent: true,
    });
    expect(SubscribeInput.parse({ email: 'a@example.org', consent: true })).toEqual({ email: 'a@example.org', consent: true });
  });

  it('says what is wrong, field by field', () => {
    expect(errorsOf({ email: 'nope', consent: true })).toEqual({ email: 'Enter an email address like name@example.org' });
    expect(errorsOf({ email: `${'a'.repeat(250)}@example.org`, consent: true })).toEqual({ email: 'At most 254 characters' });
    expect(errorsOf({ email: 'a@example.org' })).toEqual({ consent: 'Please confirm that you want to get our mailings' });
    expect(errorsOf({ email: 'a@example.org', consent: 'yes' })).toEqual({ consent: 'Please confirm that you want to get our mailings' });
    expect(errorsOf({ email: 'a@example.org', consent: true, displayName: 'Sam\r\nBcc: x@example.org' })).toEqual({
      displayName: 'Must be on one line without control characters',
    });
    expect(errorsOf({ email: 'a@example.org', consent: true, displayName: '<script>' })).toEqual({ displayName: 'Must not contain < or >' });
    expect(errorsOf({ email: 'a@example.org', consent: true, topics: 'funding' })).toEqual({ topics: 'Give topics as a list of names, e.g. ["funding", "events"]' });
    expect(errorsOf({ email: 'a@example.org', consent: true, topics: [''] })).toEqual({ 'topics.0': 'A topic name cannot be empty' });
    expect(errorsOf({ email: 'a@example.org', consent: true, topics: Array.from({ length: 51 }, (_, i) => `t${i}`) })).toEqual({ topics: 'At most 50 topics' });
    expect(errorsOf({ email: 'a@example.org', consent: true, status: 'confirmed' })).toEqual({ status: 'Unknown field' });
  });

  it('records the consent wording the subscribe page shows, with the organisation’s name', () => {
    expect(consentWording()).toBe(
      'I want to get advocacy mailings from Riverside Peers at this email address. I can leave the list at any time with the link in every mailing.',
    );
  });
});

describe('topics', () => {
  it('are named once: case, spaces and punctuation make the same slug; letters of any script count', () => {
    expect(topicSlug('Funding')).toBe('funding');
    expect(topicSlug('  FUNDING! ')).toBe('funding');
    expect(topicSlug('Policy & law')).toBe('policy-law');
    expect(topicSlug('Événements 2027')).toBe('événements-2027');
    expect(topicSlug('Финансирование')).toBe('финансирование');
    expect(topicSlug('!!!')).toBe('');
  });

  it('need a name with a letter or digit, on one line, at most 40 characters', () => {
    expect(TopicInput.parse({ name: ' Funding ' })).toEqual({ name: 'Funding' });
    const message = (name: unknown) => {
      const parsed = TopicInput.safeParse({ name });
      return parsed.success ? undefined : fieldErrors(parsed.error).name;
    };
    expect(message('')).toBe('Required');
    expect(message('!!!')).toBe('Use at least one letter or digit');
    expect(message('x'.repeat(41))).toBe('At most 40 characters');
    expect(message('a<b')).toBe('Must not contain < or >');
    expect(message('a\nb')).toBe('Must be on one line without control characters');
  });
});

describe('keys', () => {
  it('are the ones the delivery engine and the docs rely on; addresses only as keyed hashes', async () => {
    useLinkSecret('a-test-link-secret-0123456789abcdef');
    expect(subscriberKey('s1')).toEqual({ pk: 'SUB#s1', sk: 'SUB' });
    expect(subscriberIndex('confirmed', '2026-01-01T00:00:00.000Z', 's1')).toEqual({ gsi1pk: 'SUBSCRIBERS#confirmed', gsi1sk: '2026-01-01T00:00:00.000Z#s1' });
    expect(await subscriberEmailKey(' Sam@Example.org ')).toEqual({ pk: `SUBEMAIL#${emailHashUnder('a-test-link-secret-0123456789abcdef', 'sam@example.org')}`, sk: 'SUBEMAIL' });
    expect((await subscriberEmailKey('a@example.org')).pk).toMatch(/^SUBEMAIL#[0-9a-f]{64}$/);
    expect(topicKey('funding')).toEqual({ pk: 'TOPIC#funding', sk: 'TOPIC' });
    expect(topicIndex('funding')).toEqual({ gsi1pk: 'TOPIC', gsi1sk: 'funding' });
  });
});
