/**
 * Route matching as API Gateway HTTP APIs do it. A route key is `METHOD /path` where a segment may be
 * `{name}` (one segment) or, last, `{name+}` (one or more segments, greedy). API Gateway picks the
 * most specific match: segment by segment from the left a static segment beats `{name}`, which beats
 * `{name+}`; an exact method beats `ANY`. Parameters are URL-decoded; `%2F` inside one segment stays
 * in that one parameter.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export interface ParsedRoute {
  routeKey: string;
  method: string;
  segments: Segment[];
}

export interface RouteMatch<T> {
  routeKey: string;
  target: T;
  pathParameters: Record<string, string>;
}

export interface Router<T> {
  match(method: string, rawPath: string): RouteMatch<T> | undefined;
  readonly routeKeys: readonly string[];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);

export const parseRouteKey = (routeKey: string): ParsedRoute => {
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey);
  if (!match || !METHODS.has(match[1]!)) throw new Error(`Invalid route key "${routeKey}": expected "METHOD /path"`);
  const method = match[1]!;
  const path = match[2]!;
  const parts = path === '/' ? [] : path.slice(1).split('/');
  const segments = parts.map((part, index): Segment => {
    const param = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
    if (param) {
      if (param[2] === '+') {
        if (index !== parts.length - 1) throw new Error(`Invalid route key "${routeKey}": {${param[1]}+} must be the last segment`);
        return { kind: 'greedy', name: param[1]! };
      }
      return { kind: 'param', name: param[1]! };
    }
    if (part === '' || /[{}]/.test(part)) throw new Error(`Invalid route key "${routeKey}": bad segment "${part}"`);
    return { kind: 'static', value: part };
  });
  return { routeKey, method, segments };
};

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** Rank of each position (0 static, 1 {param}, 2 {greedy+}) then the method; lower is more specific. */
const specificity = (route: ParsedRoute): number[] => [
  ...route.segments.map((segment) => (segment.kind === 'static' ? 0 : segment.kind === 'param' ? 1 : 2)),
  route.method === 'ANY' ? 1 : 0,
];

const compareSpecificity = (a: ParsedRoute, b: ParsedRoute): number => {
  const ra = specificity(a);
  const rb = specificity(b);
  // Compare the path ranks first, position by position; a route that runs out of segments first
  // (only possible when the other ends in a greedy) is the less greedy one.
  const pathA = ra.slice(0, -1);
  const pathB = rb.slice(0, -1);
  for (let i = 0; i < Math.max(pathA.length, pathB.length); i++) {
    const x = pathA[i] ?? -1;
    const y = pathB[i] ?? -1;
    if (x !== y) return x - y;
  }
  return ra[ra.length - 1]! - rb[rb.length - 1]!;
};

const matchSegments = (route: ParsedRoute, parts: string[]): Record<string, string> | undefined => {
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if (segment.kind === 'greedy') {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.every((part) => part === '')) return undefined;
      params[segment.name] = rest.map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'static') {
      if (decode(part) !== segment.value) return undefined;
    } else {
      params[segment.name] = decode(part);
    }
  }
  return parts.length === route.segments.length ? params : undefined;
};

export const createRouter = <T>(routes: readonly { routeKey: string; target: T }[]): Router<T> => {
  const seen = new Set<string>();
  const parsed = routes.map(({ routeKey, target }) => {
    if (seen.has(routeKey)) throw new Error(`Route key "${routeKey}" is defined twice`);
    seen.add(routeKey);
    return { route: parseRouteKey(routeKey), target };
  });
  // Most specific first, so the first match wins.
  parsed.sort((a, b) => compareSpecificity(a.route, b.route));

  return {
    routeKeys: parsed.map(({ route }) => route.routeKey),
    match(method, rawPath) {
      const path = rawPath.split('?')[0] || '/';
      const parts = path === '/' ? [] : path.replace(/^\//, '').split('/');
      for (const { route, target } of parsed) {
        if (route.method !== method.toUpperCase() && route.method !== 'ANY') continue;
        const pathParameters = matchSegments(route, parts);
        if (pathParameters) return { routeKey: route.routeKey, target, pathParameters };
      }
      return undefined;
    },
  };
};
