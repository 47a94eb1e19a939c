import * as z from 'zod/mini';
import '../zod-locale';
import { Id } from './request';

/**
 * OpenAPI 3.1 assembled from each capability's own part (`<capability>/openapi.ts`), generated
 * from the zod schemas the handlers validate with (request bodies) and the shapes they answer.
 * OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod's own `toJSONSchema` writes: request
 * bodies as the input they accept, responses as the output they give, and the named response
 * shapes (every part's `components`) as components referenced by `$ref`. A part writes schemas as
 * `body(…)`, `response(…)`, `param(…)`; they become JSON Schema here, once every component is known.
 * (zod-openapi would pull the classic zod API into this Lambda's bundle.)
 */
type JsonSchema = Record<string, unknown>;
export type Operation = Record<string, unknown>;

/** A schema not yet converted: resolved by `assembleOpenApi` against every part's components. */
class Schema {
  constructor(
    readonly schema: z.ZodMiniType,
    readonly io: 'input' | 'output',
  ) {}
}

export interface OpenApiPart {
  /** Named response shapes, listed under components.schemas in this order. */
  components?: [id: string, schema: z.ZodMiniType][];
  paths: Record<string, Record<string, Operation>>;
  /** The scope each secured operation needs, by `method path`; `admin` when not listed. */
  scopes?: Record<string, string[]>;
  /** The 403's description of this part's secured paths, when it says more than the default. */
  forbidden?: (path: string) => string | undefined;
}

export const ErrorBody = z.object({ error: z.object({ message: z.string(), fields: z.optional(z.record(z.string(), z.string())) }) });

const jsonContent = (schema: unknown) => ({ content: { 'application/json': { schema } } });
/** Any schema in a parameter or elsewhere, as the input it accepts. */
export const inputSchema = (schema: z.ZodMiniType) => new Schema(schema, 'input');
/** A request body: validated by the schema, so documented as the input it accepts. */
export const requestBody = (schema: z.ZodMiniType) => jsonContent(inputSchema(schema));
/** A response: documented as the output it gives. */
export const response = (description: string, schema: z.ZodMiniType) => ({ description, ...jsonContent(new Schema(schema, 'output')) });
export const error = (description: string) => response(description, ErrorBody);
/** Every path parameter is an id: anything else answers 404 (shared/http/request.ts). */
export const idParam = () => [{ in: 'path', name: 'id', schema: inputSchema(Id), required: true }];
/** The security of an operation that needs an API key (its scopes and 401/403 are added). */
export const secured = [{ apiKey: [] }];

const componentUri = (id: string) => `#/components/schemas/${id}`;

export const assembleOpenApi = (info: JsonSchema, parts: readonly OpenApiPart[], securitySchemes: JsonSchema): JsonSchema => {
  const components: [string, z.ZodMiniType][] = [['Error', ErrorBody], ...parts.flatMap((part) => part.components ?? [])];
  /**
   * JSON Schemas of the components and, under `id`, of one more schema, whose uses of a component
   * become `$ref`s to it. Without `$schema` and `$id`: OpenAPI 3.1 sets the dialect for the document.
   */
  const convert = (io: 'input' | 'output', extra?: [id: string, schema: z.ZodMiniType]): Record<string, JsonSchema> => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of extra ? [...components, extra] : components) registry.add(schema, { id });
    const { schemas } = z.toJSONSchema(registry, { io, uri: componentUri });
    return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema]));
  };
  const resolve = (value: unknown): unknown => {
    if (value instanceof Schema) {
      const component = components.find(([, named]) => named === value.schema);
      return component ? { $ref: componentUri(component[0]) } : convert(value.io, ['__body', value.schema]).__body!;
    }
    if (Array.isArray(value)) return value === secured ? value : value.map(resolve);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
    return value;
  };
  const scopes = Object.assign({}, ...parts.map((part) => part.scopes ?? {})) as Record<string, string[]>;
  const forbidden = (path: string) => parts.map((part) => part.forbidden?.(path)).find(Boolean) ?? 'Outside the key’s scope';
  const paths: Record<string, Record<string, Operation>> = {};
  for (const part of parts) {
    for (const [path, operations] of Object.entries(part.paths)) {
      for (const [method, given] of Object.entries(operations)) {
        const operation = resolve(given) as Operation;
        if (given.security === secured) {
          const needs = scopes[`${method} ${path}`] ?? ['admin'];
          operation['x-scopes'] = needs;
          // After the operation's own description, if it has one.
          const own = typeof given.description === 'string' ? `${given.description} ` : '';
          operation.description = `${own}Needs an API key with the scope ${needs.join(' or ')} (or admin).`;
          const responses = operation.responses as Record<string, unknown>;
          responses[401] = resolve(error('No valid API key: missing, unknown, revoked or expired'));
          responses[403] = resolve(error(forbidden(path)));
        }
        (paths[path] ??= {})[method] = operation;
      }
    }
  }
  return { openapi: '3.1.0', info, paths, components: { schemas: convert('output'), securitySchemes } };
};
