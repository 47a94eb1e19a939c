import { renderToString } from 'preact-render-to-string';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import '../../../shared/zod-locale';
import { Checkbox, CheckboxGroup } from '../../../shared/ui/forms/checkboxes';
import { CsrfInput } from '../../../shared/ui/forms/csrf-input';
import { formPage } from '../../../shared/ui/forms/form-page';
import { readForm } from '../../../shared/ui/forms/read-form';
import { attributes, openTags, textOfId } from '../web/html';

const Signup = z.object({
  name: z.string().check(z.trim(), z.minLength(1, 'Enter your name')),
  places: z.pipe(
    z.string(),
    z.transform((value) => Number(value)),
  ).check(z.refine((value) => Number.isInteger(value) && value > 0, 'Enter a whole number')),
});

describe('readForm', () => {
  it('gives the parsed value of a good form', () => {
    expect(readForm(Signup, { name: '  Sam ', places: '3' })).toEqual({ ok: true, value: { name: 'Sam', places: 3 } });
  });

  it('gives one message per field of a bad form, keyed by the field names', () => {
    expect(readForm(Signup, { name: '   ', places: 'many' })).toEqual({ ok: false, errors: { name: 'Enter your name', places: 'Enter a whole number' } });
  });

  it('reports a missing field with zod’s English message, and an unknown one by its name', () => {
    const strict = z.strictObject({ name: z.string() });
    expect(readForm(strict, { nickname: 'S' })).toEqual({
      ok: false,
      errors: { name: 'Invalid input: expected string, received undefined', nickname: 'Unknown field' },
    });
  });
});

describe('formPage', () => {
  it('is the heading and 200 without errors', () => {
    expect(formPage('Topics')).toEqual({ title: 'Topics', status: 200 });
    expect(formPage('Topics', { errors: {} })).toEqual({ title: 'Topics', status: 200 });
  });

  it('prefixes the title with "Error: " and answers 400 with a field error or a form error', () => {
    expect(formPage('Topics', { errors: { name: 'Enter a name' } })).toEqual({ title: 'Error: Topics', status: 400 });
    expect(formPage('Sign in', { formError: 'Enter your email address' })).toEqual({ title: 'Error: Sign in', status: 400 });
  });

  it('keeps an explicit status, with or without errors', () => {
    expect(formPage('New campaign', { formError: 'Someone else changed it', status: 409 })).toEqual({ title: 'Error: New campaign', status: 409 });
    expect(formPage('New campaign', { status: 201 })).toEqual({ title: 'New campaign', status: 201 });
  });
});

describe('CsrfInput', () => {
  it('is a hidden input named csrf carrying the token, escaped', () => {
    expect(renderToString(<CsrfInput token={'a"b'} />)).toBe('<input type="hidden" name="csrf" value="a&quot;b"/>');
  });
});

const topics = [
  { name: 'topics', value: 'funding', label: 'Funding', checked: true },
  { name: 'topics', value: 'events', label: 'Events', checked: false },
];

describe('CheckboxGroup', () => {
  it('is a fieldset with its legend and hint, one labelled checkbox per choice, the ticked ones checked', () => {
    const html = renderToString(<CheckboxGroup name="topics" legend="Topics (optional)" hint="Choose any." choices={topics} />);
    expect(html).toContain('<legend>Topics (optional)</legend>');
    const [fieldset] = openTags(html, 'fieldset');
    expect(attributes(fieldset!)['aria-describedby']).toBe('topics-hint');
    expect(textOfId(html, 'topics-hint')).toBe('Choose any.');
    const boxes = openTags(html, 'input').map(attributes);
    expect(boxes.map((box) => [box.type, box.id, box.name, box.value, 'checked' in box])).toEqual([
      ['checkbox', 'topics', 'topics', 'funding', true],
      ['checkbox', 'topics-1', 'topics', 'events', false],
    ]);
    expect(html).toContain('<label for="topics">Funding</label>');
    expect(html).toContain('<label for="topics-1">Events</label>');
    expect(html).not.toContain('aria-invalid');
    expect(html).toContain('<div class="field">');
  });

  it('shows its error inside the fieldset, describes the fieldset by hint and error, and marks every box invalid', () => {
    const html = renderToString(<CheckboxGroup name="topics" legend="Topics" hint="Choose any." error="Choose a topic" choices={topics} />);
    const [fieldset] = openTags(html, 'fieldset');
    expect(attributes(fieldset!)['aria-describedby']).toBe('topics-hint topics-error');
    expect(textOfId(html, 'topics-error')).toBe('Error: Choose a topic');
    expect(html).toContain('<p class="field-error" id="topics-error">Error: Choose a topic</p>');
    expect(html.indexOf('topics-error')).toBeGreaterThan(html.indexOf('<fieldset'));
    expect(openTags(html, 'input').map((box) => attributes(box)['aria-invalid'])).toEqual(['true', 'true']);
    expect(html).toContain('<div class="field field--error">');
  });

  it('takes the ids the choices give, a legend id, and shows `empty` when there is nothing to tick', () => {
    const html = renderToString(
      <CheckboxGroup name="topics" legend="Who gets it" legendId="topics" choices={[{ name: 'topic:a', value: 'on', id: 'topic-a', label: 'A', checked: false }]} />,
    );
    expect(html).toContain('<legend id="topics">Who gets it</legend>');
    expect(html).toContain('<input type="checkbox" id="topic-a" name="topic:a" value="on"/>');
    expect(renderToString(<CheckboxGroup name="topics" legend="Who gets it" choices={[]} empty={<p>No topics yet.</p>} />)).toContain('<p>No topics yet.</p>');
  });
});

describe('Checkbox', () => {
  it('is the box then its label, described by its hint and its error, the error above', () => {
    const html = renderToString(<Checkbox name="waitlist" label="Keep a waitlist" hint="When someone cancels…" checked error="Not now" />);
    const [box] = openTags(html, 'input').map(attributes);
    expect(box).toMatchObject({ type: 'checkbox', id: 'waitlist', name: 'waitlist', value: 'true', 'aria-describedby': 'waitlist-hint waitlist-error', 'aria-invalid': 'true' });
    expect('checked' in box!).toBe(true);
    expect(html.indexOf('waitlist-error')).toBeLessThan(html.indexOf('<input'));
    expect(html).toContain('<label for="waitlist">Keep a waitlist</label>');
  });

  it('without an error or hint says nothing more than its label, and is not checked unless asked', () => {
    const html = renderToString(<Checkbox name="consent" label="I agree (required)" required checked={false} />);
    expect(html).toBe(
      '<div class="field"><div class="checkbox"><input type="checkbox" id="consent" name="consent" value="true" required/><label for="consent">I agree (required)</label></div></div>',
    );
  });
});
