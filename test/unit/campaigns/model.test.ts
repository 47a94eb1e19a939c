import { describe, expect, it } from 'vitest';
import { CampaignStore } from '../../../shared/campaigns/campaign-store';
import { CampaignChangesInput, MERGE_FIELD_OUTSIDE_TEXT, NewCampaignInput } from '../../../shared/campaigns/input';
import { CampaignChanges, countsOf, emptyCounters, NewCampaign, RecipientQuery, SendCampaign, TestCampaign } from '../../../shared/campaigns/model';
import { fieldErrors } from '../../../shared/kernel/fields';

/** The campaign input schemas (what the API and the console refuse, field by field) and the counts. */
const errorsOf = (result: { success: boolean; error?: Parameters<typeof fieldErrors>[0] }) => (result.success ? {} : fieldErrors(result.error!));

describe('NewCampaign', () => {
  it('accepts a subject, a Markdown body and topic names; trims the subject, keeps the body as written', () => {
    const parsed = NewCampaign.parse({ subject: '  Budget vote  ', bodyMarkdown: '    indented code\n\ntext  ', topics: [' Funding '] });
    expect(parsed).toEqual({ subject: 'Budget vote', bodyMarkdown: '    indented code\n\ntext  ', topics: ['Funding'] });
    expect(NewCampaign.parse({ subject: 'x', bodyMarkdown: 'y' })).toEqual({ subject: 'x', bodyMarkdown: 'y' });
  });

  it.each([
    ['CR LF', 'Vote\r\nBcc: everyone@example.org'],
    ['LF', 'Vote\nnow'],
    ['CR', 'Vote\rnow'],
    ['a tab', 'Vote\tnow'],
    ['NUL', 'Vote\u0000'],
    ['NEL', 'Vote\u0085now'],
    ['a line separator', 'Vote\u2028now'],
    ['a paragraph separator', 'Vote\u2029now'],
  ])('refuses a subject with %s, with a field error', (_name, subject) => {
    const result = NewCampaign.safeParse({ subject, bodyMarkdown: 'x' });
    expect(errorsOf(result)).toEqual({ subject: 'Must be on one line, without line breaks or control characters' });
  });

  it('refuses an empty or too long subject', () => {
    expect(errorsOf(NewCampaign.safeParse({ subject: '   ', bodyMarkdown: 'x' }))).toEqual({ subject: 'Required' });
    expect(errorsOf(NewCampaign.safeParse({ subject: 'x'.repeat(201), bodyMarkdown: 'x' }))).toEqual({ subject: 'At most 200 characters' });
    expect(NewCampaign.safeParse({ subject: 'x'.repeat(200), bodyMarkdown: 'x' }).success).toBe(true);
  });

  it('refuses a body over 50,000 characters, an empty one, and control characters other than line breaks and tabs', () => {
    expect(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'a'.repeat(50_000) }).success).toBe(true);
    expect(errorsOf(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'a'.repeat(50_001) }))).toEqual({ bodyMarkdown: 'At most 50,000 characters' });
    expect(errorsOf(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: ' \n\t ' }))).toEqual({ bodyMarkdown: 'Required' });
    expect(errorsOf(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'a\u0007b' }))).toEqual({ bodyMarkdown: 'Must not contain control characters' });
    expect(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'a\r\n\tb' }).success).toBe(true);
  });

  it('refuses topics that are not a list of names, too many, and unknown fields', () => {
    expect(Object.keys(errorsOf(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'y', topics: 'Funding' })))).toEqual(['topics']);
    expect(Object.keys(errorsOf(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'y', topics: [''] })))).toEqual(['topics.0']);
    expect(errorsOf(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'y', topics: Array.from({ length: 51 }, (_, i) => `t${i}`) }))).toEqual({ topics: 'At most 50 topics' });
    expect(errorsOf(NewCampaign.safeParse({ subject: 'x', bodyMarkdown: 'y', status: 'sent' }))).toEqual({ status: 'Unknown field' });
  });
});

describe('merge fields in text only (NewCampaignInput, CampaignChangesInput)', () => {
  const refused = (bodyMarkdown: string) => errorsOf(NewCampaignInput.safeParse({ subject: 'x', bodyMarkdown })).bodyMarkdown === MERGE_FIELD_OUTSIDE_TEXT;

  it('takes them in text, also in a link\'s words, in emphasis, headings, lists and code', () => {
    for (const body of [
      'Dear {{ name }}, welcome.',
      'Hi {{ name | "friend" }}!',
      '# Hello {{ displayName }}',
      '[Write to the council, {{ name }}](https://council.example.org)',
      '<a href="https://council.example.org">Thanks, {{ name }}</a>',
      '- **{{ name }}**, see https://example.org/page and www.example.org',
      '`{{ name }}` and <p title="x">{{ name }}</p>',
      'No field at all: https://example.org/x',
    ]) {
      expect(refused(body), body).toBe(false);
      expect(NewCampaignInput.safeParse({ subject: 'x', bodyMarkdown: body }).success, body).toBe(true);
    }
  });

  it('refuses them in a link\'s address or title, an image, an autolink, link-like text or any HTML attribute', () => {
    for (const body of [
      '[page](https://example.org/{{ name }})',
      '[page](https://example.org/?n={{name}})',
      '[page](https://example.org "For {{ name }}")',
      '[page][ref]\n\n[ref]: https://example.org/{{ name }}',
      '![photo](https://example.org/{{ name }}.png)',
      '![{{ name }}](https://example.org/photo.png)',
      '<https://example.org/{{ name }}>',
      'See https://example.org/{{ name }} now',
      'See www.example.org/{{ name }}',
      'Write to {{ name }}@example.org',
      '<a href="https://example.org/{{ name | \'you\' }}">page</a>',
      '<img src="https://example.org/photo.png" alt="{{ name }}">',
      'Hi <span data-who="{{ name }}">there</span>',
      '<div>\n<a href="mailto:{{ name }}@example.org">x</a>\n</div>',
    ]) {
      expect(refused(body), body).toBe(true);
    }
  });

  it('refuses them in a PATCH too, and reports them beside other fields', () => {
    expect(errorsOf(CampaignChangesInput.safeParse({ bodyMarkdown: '[x](https://example.org/{{ name }})' }))).toEqual({ bodyMarkdown: MERGE_FIELD_OUTSIDE_TEXT });
    expect(CampaignChangesInput.safeParse({ subject: 'Only the subject' }).success).toBe(true);
    expect(errorsOf(NewCampaignInput.safeParse({ subject: ' ', bodyMarkdown: '[x](https://example.org/{{ name }})' }))).toEqual({ subject: 'Required', bodyMarkdown: MERGE_FIELD_OUTSIDE_TEXT });
  });
});

describe('the other inputs', () => {
  it('CampaignChanges needs at least one field and validates each like NewCampaign', () => {
    expect(errorsOf(CampaignChanges.safeParse({}))).toEqual({ _: 'Send at least one field to change' });
    expect(CampaignChanges.parse({ topics: [] })).toEqual({ topics: [] });
    expect(Object.keys(errorsOf(CampaignChanges.safeParse({ subject: 'a\nb' })))).toEqual(['subject']);
  });

  it('SendCampaign takes an optional ISO 8601 instant with an offset', () => {
    expect(SendCampaign.parse({})).toEqual({});
    expect(SendCampaign.parse({ at: '2030-01-01T10:00:00-05:00' })).toEqual({ at: '2030-01-01T10:00:00-05:00' });
    expect(Object.keys(errorsOf(SendCampaign.safeParse({ at: '2030-01-01 10:00' })))).toEqual(['at']);
  });

  it('TestCampaign takes one email address', () => {
    expect(TestCampaign.parse({ to: ' me@example.org ' })).toEqual({ to: 'me@example.org' });
    expect(Object.keys(errorsOf(TestCampaign.safeParse({ to: 'me' })))).toEqual(['to']);
  });

  it('RecipientQuery reads a state, a limit from 1 to 200 and a cursor, ignoring other parameters', () => {
    expect(RecipientQuery.parse({ state: 'failed', limit: '25', other: 'x' })).toEqual({ state: 'failed', limit: 25 });
    expect(Object.keys(errorsOf(RecipientQuery.safeParse({ state: 'lost', limit: '201' }))).sort()).toEqual(['limit', 'state']);
    expect(Object.keys(errorsOf(RecipientQuery.safeParse({ limit: '-1' })))).toEqual(['limit']);
  });
});

describe('counts', () => {
  it('queued is whoever is planned and not final yet, never below zero', () => {
    const counters = { ...emptyCounters(), recipients: 120, sent: 70, suppressed: 5, failed: 3, unsubscribed: 2, bounced: 1, complained: 0 };
    expect(countsOf({ counters })).toEqual({ recipients: 120, queued: 42, sent: 70, suppressed: 5, failed: 3, unsubscribed: 2, bounced: 1, complained: 0 });
    expect(countsOf({ counters: { ...emptyCounters(), recipients: 1, sent: 2 } }).queued).toBe(0);
  });

  it('reads a stored item: counters at the top level default to 0, an unknown status reads as a draft', () => {
    const campaign = CampaignStore.fromItem({
      pk: 'CAMPAIGN#c1',
      sk: 'CAMPAIGN',
      id: 'c1',
      subject: 'S',
      bodyMarkdown: 'B',
      topics: ['funding'],
      status: 'sending',
      createdBy: 'api-key:k1',
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
      recipients: 10,
      sent: 4,
      planned: true,
    });
    expect(campaign.counters).toEqual({ ...emptyCounters(), recipients: 10, sent: 4 });
    expect(campaign).toMatchObject({ id: 'c1', status: 'sending', topics: ['funding'], planned: true });
    expect(CampaignStore.fromItem({ id: 'c2', status: 'weird', createdAt: 'a', updatedAt: 'b' }).status).toBe('draft');
  });
});
