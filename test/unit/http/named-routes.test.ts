import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/catalog';
import { httpHandler } from '../../../shared/http/handler';
import { json } from '../../../shared/http/response';
import { routes } from '../../../shared/routes';

describe('route keys, written once (shared/routes.ts)', () => {
  it('a handler without a route for one of its names refuses to start', () => {
    const keys = { list: 'GET /things', show: 'GET /things/{id}' } as const;
    // @ts-expect-error -- `show` is missing, which the type refuses too
    expect(() => httpHandler(keys, { list: async () => json(200, {}) })).toThrow('No route answers show (GET /things/{id})');
  });

  it('the catalog triggers each HTTP function on exactly the routes of its name, and no key twice', () => {
    const camel = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
    const http = catalog.filter((spec) => spec.trigger.kind === 'http');
    expect(http.map((spec) => camel(spec.name)).sort()).toEqual(Object.keys(routes).sort());
    for (const spec of http) {
      expect(spec.trigger.kind === 'http' && spec.trigger.routes).toEqual(Object.values(routes[camel(spec.name) as keyof typeof routes]));
    }
    const keys = Object.values(routes).flatMap((named) => Object.values(named));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
