import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/catalog';
import { createRouter, parseRouteKey } from '../../infra/local/routes';

const router = (...routeKeys: string[]) => createRouter(routeKeys.map((routeKey) => ({ routeKey, target: routeKey })));

describe('route matching (API Gateway HTTP API rules)', () => {
  it('prefers a static segment over a parameter, whatever the order of definition', () => {
    const routes = router('GET /api/workshops/{id}', 'GET /api/workshops/featured');
    expect(routes.match('GET', '/api/workshops/featured')?.routeKey).toBe('GET /api/workshops/featured');
    expect(routes.match('GET', '/api/workshops/abc')).toEqual({
      routeKey: 'GET /api/workshops/{id}',
      target: 'GET /api/workshops/{id}',
      pathParameters: { id: 'abc' },
    });
  });

  it('decides left to right: an earlier static segment wins over a later one', () => {
    const routes = router('GET /a/{x}/c', 'GET /a/b/{y}');
    expect(routes.match('GET', '/a/b/c')).toMatchObject({ routeKey: 'GET /a/b/{y}', pathParameters: { y: 'c' } });
  });

  it('prefers {param} over {proxy+}, and {proxy+} takes one or more whole segments', () => {
    const routes = router('GET /files/{proxy+}', 'GET /files/{name}');
    expect(routes.match('GET', '/files/a.txt')?.routeKey).toBe('GET /files/{name}');
    expect(routes.match('GET', '/files/a/b%20c/d')).toMatchObject({ routeKey: 'GET /files/{proxy+}', pathParameters: { proxy: 'a/b c/d' } });
    expect(routes.match('GET', '/files')).toBeUndefined();
    expect(routes.match('GET', '/files/')).toBeUndefined();
  });

  it('matches the method exactly before ANY', () => {
    const routes = router('ANY /things/{id}', 'POST /things/{id}');
    expect(routes.match('POST', '/things/1')?.routeKey).toBe('POST /things/{id}');
    expect(routes.match('DELETE', '/things/1')?.routeKey).toBe('ANY /things/{id}');
    expect(router('POST /things/{id}').match('GET', '/things/1')).toBeUndefined();
  });

  it('URL-decodes path parameters, keeping an encoded slash inside its segment', () => {
    const routes = router('GET /workshops/{id}');
    expect(routes.match('GET', '/workshops/caf%C3%A9%20%2F1')?.pathParameters).toEqual({ id: 'café /1' });
    expect(routes.match('GET', '/workshops/a/b')).toBeUndefined();
  });

  it('does not match empty parameters, extra segments or a trailing slash', () => {
    const routes = router('GET /workshops/{id}', 'GET /');
    expect(routes.match('GET', '/workshops/')).toBeUndefined();
    expect(routes.match('GET', '/workshops/x/y')).toBeUndefined();
    expect(routes.match('GET', '/')?.routeKey).toBe('GET /');
    expect(routes.match('GET', '/?x=1')?.routeKey).toBe('GET /');
  });

  it('rejects malformed route keys and duplicates', () => {
    expect(() => parseRouteKey('GET workshops')).toThrow(/Invalid route key/);
    expect(() => parseRouteKey('FETCH /x')).toThrow(/Invalid route key/);
    expect(() => parseRouteKey('GET /{proxy+}/x')).toThrow(/last segment/);
    expect(() => router('GET /x', 'GET /x')).toThrow(/defined twice/);
  });

  it('routes every catalog route key to itself (nothing in the catalog is shadowed)', () => {
    const keys = catalog.flatMap((spec) => (spec.trigger.kind === 'http' ? [...spec.trigger.routes] : []));
    expect(keys.length).toBeGreaterThan(5);
    const routes = router(...keys);
    for (const key of keys) {
      const [method, path] = key.split(' ') as [string, string];
      const example = path.replace(/\{[^}]+\+\}/g, 'p1/p2').replace(/\{[^}]+\}/g, 'example-id');
      expect(routes.match(method, example)?.routeKey, `${method} ${example}`).toBe(key);
    }
  });
});
