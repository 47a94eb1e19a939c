import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpHandler } from '../../../shared/http/handler';
import type { HttpEvent } from '../../../shared/http/request';
import { onForm, STATUS_OF } from '../../../shared/http/refusal';
import { Refused, refuse, refused, type RefusalKind } from '../../../shared/kernel/refusal';

/** A domain refusal is answered at the edge once: one status per kind, as JSON for the API, as a page for a form. */
const kinds: [RefusalKind, number][] = [
  ['invalid', 400],
  ['forbidden', 403],
  ['not-found', 404],
  ['conflict', 409],
  ['gone', 410],
  ['too-many', 429],
];

const event = (path: string): HttpEvent =>
  ({ routeKey: 'POST /things', rawPath: path, headers: {}, isBase64Encoded: false, requestContext: { http: { method: 'POST', sourceIp: '127.0.0.1' } } }) as unknown as HttpEvent;

describe('refusals at the edge (shared/http/refusal.ts)', () => {
  it('maps every kind to one status, and no two kinds to the same one', () => {
    expect(Object.entries(STATUS_OF).sort()).toEqual([...kinds].sort());
  });

  it.each(kinds)('a thrown %s answers %i, with its message, its fields and Retry-After', async (kind, status) => {
    const handler = httpHandler(
      { make: 'POST /things' },
      { make: async () => refused(kind, `Refused: ${kind}`, { fields: { name: 'Required' }, retryAfterSeconds: kind === 'too-many' ? 60 : undefined }) },
      { errorPage: (code, message) => ({ statusCode: code, headers: { 'content-type': 'text/html' }, body: `<p>${message}</p>` }) },
    );
    const api = await handler(event('/api/things'), {} as Context);
    expect(api.statusCode).toBe(status);
    expect(JSON.parse(api.body ?? '{}')).toEqual({ error: { message: `Refused: ${kind}`, fields: { name: 'Required' } } });
    expect(api.headers?.['retry-after']).toBe(kind === 'too-many' ? '60' : undefined);
    const page = await handler(event('/things'), {} as Context);
    expect(page.statusCode).toBe(status);
    expect(page.headers?.['content-type']).toBe('text/html');
    expect(page.body).toContain(`Refused: ${kind}`);
  });

  it('a console form shows a rule, a conflict or a missing permission on the form; not found and gone go to the error page', () => {
    expect(onForm(refuse('forbidden', 'Your role may not do that'))).toEqual({ formError: 'Your role may not do that', status: 403 });
    expect(onForm(refuse('invalid', 'Check the form', { fields: { title: 'Required' } }))).toEqual({ formError: 'Check the form', errors: { title: 'Required' }, status: 400 });
    expect(() => onForm(refuse('not-found', 'No such workshop'))).toThrow(Refused);
    expect(() => onForm(refuse('gone', 'This link has expired'))).toThrow(Refused);
  });
});
