import { describe, expect, it } from 'vitest';
import { NewWorkshop, ReminderOffsets, WorkshopChanges, type Workshop } from '../../../shared/workshops/model';
import { workshopFormPage } from '../../../shared/web/console/workshop-form';
import { newWorkshopValues, readNewWorkshop, readWorkshopChanges, workshopFormFields, workshopFormValues, type WorkshopFormValues } from '../../../shared/web/console/workshop-input';
import { attributes, byId, openTags, text, textOfId } from '../web/html';
import { filledWorkshopForm, newWorkshopInput as base, workshop as fixture } from '../web/fixtures';
import { openApiDocument } from '../../../shared/openapi';
import { fieldErrors } from '../../../shared/kernel/fields';

/** Reminder offsets: the schema (JSON API), the console form, and the OpenAPI document. */
const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrors(result.error as Parameters<typeof fieldErrors>[0]);

describe('the reminder offsets schema', () => {
  it('defaults a new workshop to 24 hours and 1 hour before', () => {
    expect(NewWorkshop.parse(base).reminderOffsetsMinutes).toEqual([1440, 60]);
  });

  it.each([[[]], [[15]], [[10080, 1440, 15]], [[60, 1440]], [[90]]])('accepts %j', (offsets) => {
    expect(NewWorkshop.parse({ ...base, reminderOffsetsMinutes: offsets }).reminderOffsetsMinutes).toEqual(offsets);
    expect(WorkshopChanges.parse({ reminderOffsetsMinutes: offsets })).toEqual({ reminderOffsetsMinutes: offsets });
  });

  it.each([
    [[14], 'reminderOffsetsMinutes.0', 'At least 15 minutes before the start'],
    [[0], 'reminderOffsetsMinutes.0', 'At least 15 minutes before the start'],
    [[-60], 'reminderOffsetsMinutes.0', 'At least 15 minutes before the start'],
    [[1440, 10081], 'reminderOffsetsMinutes.1', 'At most 7 days (10080 minutes) before the start'],
    [[60.5], 'reminderOffsetsMinutes.0', 'Must be a whole number of minutes'],
    [['60'], 'reminderOffsetsMinutes.0', 'Must be a number of minutes before the start'],
    [[null], 'reminderOffsetsMinutes.0', 'Must be a number of minutes before the start'],
    [[1440, 60, 30, 15], 'reminderOffsetsMinutes', 'At most 3 reminders'],
    [[60, 60], 'reminderOffsetsMinutes', 'Each reminder must be at a different time'],
    [60, 'reminderOffsetsMinutes', 'Must be a list of minutes before the start, e.g. [1440, 60] (24 hours and 1 hour)'],
    [null, 'reminderOffsetsMinutes', 'Must be a list of minutes before the start, e.g. [1440, 60] (24 hours and 1 hour)'],
  ])('refuses %j with a message on %s', (offsets, field, message) => {
    expect(errorsOf(NewWorkshop.safeParse({ ...base, reminderOffsetsMinutes: offsets }))).toEqual({ [field]: message });
    expect(errorsOf(WorkshopChanges.safeParse({ reminderOffsetsMinutes: offsets }))).toEqual({ [field]: message });
  });

  it('says what is wrong with each entry', () => {
    expect(errorsOf(ReminderOffsets.safeParse([5, 1440, 20000]))).toEqual({
      '0': 'At least 15 minutes before the start',
      '2': 'At most 7 days (10080 minutes) before the start',
    });
  });

  it('is documented in the OpenAPI document: a default on create, present in every Workshop answer', () => {
    const doc = openApiDocument() as any;
    const create = doc.paths['/api/organizer/workshops'].post.requestBody.content['application/json'].schema;
    expect(create.properties.reminderOffsetsMinutes).toMatchObject({
      default: [1440, 60],
      type: 'array',
      maxItems: 3,
      items: { type: 'integer', minimum: 15, maximum: 10080 },
    });
    expect(create.required).not.toContain('reminderOffsetsMinutes');
    const patch = doc.paths['/api/organizer/workshops/{id}'].patch.requestBody.content['application/json'].schema;
    expect(patch.properties.reminderOffsetsMinutes).toMatchObject({ type: 'array', maxItems: 3 });
    expect(patch.properties.reminderOffsetsMinutes.default).toBeUndefined();
    const shown = doc.components.schemas.Workshop;
    expect(shown.properties.reminderOffsetsMinutes).toMatchObject({ type: 'array', items: { type: 'integer' } });
    expect(shown.required).toContain('reminderOffsetsMinutes');
  });
});

const NY = 'America/New_York';
const filled = (overrides: WorkshopFormValues = {}): WorkshopFormValues =>
  filledWorkshopForm({ reminder1: '1440', reminder2: '60', reminder3: '', ...overrides });

const existing = (overrides: Partial<Workshop> = {}): Workshop =>
  fixture({ startsAt: '2030-01-15T23:00:00.000Z', endsAt: '2030-01-16T00:30:00.000Z', location: undefined, ...overrides });

describe('reminders in the console form', () => {
  it('starts a new workshop with 24 hours and 1 hour before', () => {
    expect(newWorkshopValues(NY)).toMatchObject({ reminder1: '1440', reminder2: '60', reminder3: '' });
  });

  it('reads the chosen slots, in any order, leaving out “No reminder”', () => {
    expect(readNewWorkshop(filled())).toMatchObject({ ok: true, value: { reminderOffsetsMinutes: [1440, 60] } });
    expect(readNewWorkshop(filled({ reminder1: '', reminder2: '30', reminder3: '10080' }))).toMatchObject({ ok: true, value: { reminderOffsetsMinutes: [30, 10080] } });
    expect(readNewWorkshop(filled({ reminder1: '', reminder2: '', reminder3: '' }))).toMatchObject({ ok: true, value: { reminderOffsetsMinutes: [] } });
    // A form without the fields (a script posting the older form) gets the default.
    expect(readNewWorkshop(filled({ reminder1: undefined, reminder2: undefined, reminder3: undefined }))).toMatchObject({
      ok: true,
      value: { reminderOffsetsMinutes: [1440, 60] },
    });
  });

  it('puts each problem next to the slot it is about', () => {
    expect(readNewWorkshop(filled({ reminder2: '1440' }))).toEqual({
      ok: false,
      errors: { reminder2: 'The first reminder is already 24 hours before. Choose another time, or “No reminder”' },
    });
    expect(readNewWorkshop(filled({ reminder1: '', reminder2: '60', reminder3: '5' }))).toEqual({
      ok: false,
      errors: { reminder3: 'At least 15 minutes before the start' },
    });
    expect(readNewWorkshop(filled({ reminder3: 'soon' }))).toEqual({ ok: false, errors: { reminder3: 'Choose a time from the list, or “No reminder”' } });
    expect(readNewWorkshop(filled({ reminder1: '20000' }))).toEqual({ ok: false, errors: { reminder1: 'At most 7 days (10080 minutes) before the start' } });
    const names = new Set<string>(workshopFormFields.map((field) => field.name));
    for (const name of ['reminder1', 'reminder2', 'reminder3']) expect(names.has(name)).toBe(true);
  });

  it('shows a workshop’s reminders, largest first, and changes them only when they change', () => {
    const current = existing({ reminderOffsetsMinutes: [60, 1440] });
    const values = workshopFormValues(current);
    expect(values).toMatchObject({ reminder1: '1440', reminder2: '60', reminder3: '' });
    expect(readWorkshopChanges(values, current)).toEqual({ ok: true, value: undefined });
    expect(readWorkshopChanges({ ...values, reminder1: '60', reminder2: '1440' }, current)).toEqual({ ok: true, value: undefined });
    expect(readWorkshopChanges({ ...values, reminder3: '15' }, current)).toEqual({ ok: true, value: { reminderOffsetsMinutes: [1440, 60, 15] } });
    expect(readWorkshopChanges({ ...values, reminder1: '', reminder2: '' }, current)).toEqual({ ok: true, value: { reminderOffsetsMinutes: [] } });
    // A form without the fields leaves the reminders alone.
    expect(readWorkshopChanges({ ...values, reminder1: undefined, reminder2: undefined, reminder3: undefined, capacity: '20' }, current)).toEqual({
      ok: true,
      value: { capacity: 20 },
    });
  });

  it('renders three labelled selects in a fieldset with a hint, keeping an offset set through the API', () => {
    const current = existing({ reminderOffsetsMinutes: [1440, 90] });
    const html = workshopFormPage({ organizer: { email: 'sam@example.org', role: 'organizer' }, csrfToken: 'csrf', workshop: current }).body!;
    const fieldset = html.slice(html.lastIndexOf('<fieldset', html.indexOf('<legend>Reminders</legend>')), html.indexOf('</fieldset>', html.indexOf('<legend>Reminders</legend>')));
    expect(text(fieldset)).toContain('Up to three; choose “No reminder” for fewer.');
    expect(text(fieldset)).toContain('A change applies to the reminders not sent yet.');
    for (const [name, label] of [
      ['reminder1', 'First reminder'],
      ['reminder2', 'Second reminder'],
      ['reminder3', 'Third reminder'],
    ] as const) {
      expect(fieldset).toContain(`<label for="${name}">${label}</label>`);
      expect(byId(fieldset, name).attrs).toMatchObject({ name, 'aria-describedby': 'reminders-hint' });
    }
    const selectOf = (name: string) => fieldset.slice(byId(fieldset, name).index, fieldset.indexOf('</select>', byId(fieldset, name).index));
    const selected = (name: string) => openTags(selectOf(name), 'option').map(attributes).filter((option) => 'selected' in option).map((option) => option.value);
    expect(selected('reminder1')).toEqual(['1440']);
    expect(selected('reminder2')).toEqual(['90']);
    expect(selected('reminder3')).toEqual(['']);
    const options = (name: string) => (selectOf(name).match(/<option\b[^>]*>([^<]*)<\/option>/g) ?? []).map(text);
    expect(options('reminder1')).toEqual([
      'No reminder',
      '7 days before',
      '3 days before',
      '2 days before',
      '24 hours before',
      '12 hours before',
      '6 hours before',
      '3 hours before',
      '2 hours before',
      '1 hour before',
      '30 minutes before',
      '15 minutes before',
    ]);
    expect(options('reminder2')).toContain('1 hour 30 minutes before');
    expect(options('reminder2').indexOf('1 hour 30 minutes before')).toBe(options('reminder2').indexOf('1 hour before') - 1);
  });

  it('shows an error above its select, linked by aria-describedby and from the summary', () => {
    const values = filled({ reminder2: '1440' });
    const reading = readNewWorkshop(values);
    if (reading.ok) throw new Error('expected errors');
    const html = workshopFormPage({ organizer: { email: 'sam@example.org', role: 'organizer' }, csrfToken: 'csrf', values, errors: reading.errors }).body!;
    const select = byId(html, 'reminder2');
    expect(select.attrs['aria-invalid']).toBe('true');
    expect(select.attrs['aria-describedby']).toBe('reminders-hint reminder2-error');
    expect(textOfId(html, 'reminder2-error')).toBe(`Error: ${reading.errors.reminder2}`);
    expect(byId(html, 'reminder2-error').index).toBeLessThan(select.index);
    expect(html).toContain('<a href="#reminder2">Second reminder: The first reminder is already 24 hours before.');
  });
});
