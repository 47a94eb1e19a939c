export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** An API Gateway HTTP API route key, e.g. `GET /api/workshops/{id}`. */
export type RouteKey = `${HttpMethod} /${string}`;
/** A function's routes by name: the catalog writes each key once, the handler answers each name. */
export type NamedRoutes = Readonly<Record<string, RouteKey>>;
