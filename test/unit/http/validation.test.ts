import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../shared/http/errors';
import { MAX_BODY_BYTES, formBody, jsonBody } from '../../../shared/http/request';
import { NewWorkshop, RegistrationInput, WorkshopChanges } from '../../../shared/workshops/model';
import { newWorkshopInput as workshop } from '../web/fixtures';

const event = (body: string, contentType = 'application/json'): APIGatewayProxyEventV2 =>
  ({ body, isBase64Encoded: false, headers: { 'content-type': contentType }, rawPath: '/api/x' }) as unknown as APIGatewayProxyEventV2;

const failure = (run: () => unknown): HttpError => {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
};

describe('registration input', () => {
  it('accepts an email with an optional display name and trims it', () => {
    const parsed = RegistrationInput.parse({ email: '  Sam@Example.org ', consent: true, displayName: ' Sam ' });
    expect(parsed).toEqual({ email: 'Sam@Example.org', consent: true, displayName: 'Sam' });
  });

  it.each([
    [{ consent: true }, 'email'],
    [{ email: 'not-an-email', consent: true }, 'email'],
    [{ email: 'a@example.org' }, 'consent'],
    [{ email: 'a@example.org', consent: false }, 'consent'],
    [{ email: 'a@example.org', consent: true, displayName: 'Sam\r\nBcc: x@example.org' }, 'displayName'],
    [{ email: 'a@example.org', consent: true, displayName: '<b>Sam</b>' }, 'displayName'],
    [{ email: 'a@example.org', consent: true, displayName: 'x'.repeat(81) }, 'displayName'],
    [{ email: 'a@example.org', consent: true, role: 'admin' }, 'role'],
    [{ email: 42, consent: true }, 'email'],
  ])('refuses %j naming the field %s', (input, field) => {
    const result = RegistrationInput.safeParse(input);
    expect(result.success).toBe(false);
    const fields = result.error!.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.join('.')]));
    expect(fields).toContain(field);
  });
});

describe('workshop input', () => {
  it('accepts a complete workshop', () => {
    expect(NewWorkshop.safeParse(workshop).success).toBe(true);
  });

  it.each([
    [{ endsAt: '2027-01-05T17:00:00-05:00' }, 'endsAt'],
    [{ startsAt: '2027-01-05 18:00' }, 'startsAt'],
    [{ startsAt: '2027-01-05T18:00:00' }, 'startsAt'],
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ capacity: 0 }, 'capacity'],
    [{ capacity: 2.5 }, 'capacity'],
    [{ onlineUrl: 'javascript:alert(1)' }, 'onlineUrl'],
    [{ title: 'Circle\nSubject: spam' }, 'title'],
  ])('refuses %j', (change, field) => {
    const result = NewWorkshop.safeParse({ ...workshop, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.'))).toContain(field);
  });

  it('needs a place: a location or an online link', () => {
    const { onlineUrl: _unused, ...placeless } = workshop;
    expect(NewWorkshop.safeParse(placeless).success).toBe(false);
  });

  it('changes must name at least one known field', () => {
    expect(WorkshopChanges.safeParse({}).success).toBe(false);
    expect(WorkshopChanges.safeParse({ colour: 'red' }).success).toBe(false);
    expect(WorkshopChanges.safeParse({ capacity: 12 }).success).toBe(true);
  });
});

describe('request bodies', () => {
  it('answers 400 for malformed JSON, 415 for another content type, 413 above the limit', () => {
    expect(failure(() => jsonBody(event('{"email":'), RegistrationInput)).status).toBe(400);
    expect(failure(() => jsonBody(event('{}', 'text/plain'), RegistrationInput)).status).toBe(415);
    expect(failure(() => jsonBody(event(`"${'x'.repeat(MAX_BODY_BYTES)}"`), RegistrationInput)).status).toBe(413);
  });

  it('reports every invalid field by name', () => {
    const error = failure(() => jsonBody(event(JSON.stringify({ email: 'x', consent: 'yes', extra: 1 })), RegistrationInput));
    expect(error.status).toBe(400);
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['consent', 'email', 'extra']);
  });

  it('reads the first value of each form field', () => {
    expect(formBody(event('email=a%40example.org&email=b%40example.org&consent=true', 'application/x-www-form-urlencoded'))).toEqual({
      email: 'a@example.org',
      consent: 'true',
    });
  });

  it('keeps a form field named like an Object.prototype member as the text that was sent', () => {
    const form = formBody(event('constructor=a&toString=b&__proto__=c&email=d', 'application/x-www-form-urlencoded'));
    expect(Object.entries(form)).toEqual([['constructor', 'a'], ['toString', 'b'], ['email', 'd']]);
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
  });
});
