import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import '../zod-locale';
import { HttpError, invalid } from './errors';

export type HttpEvent = APIGatewayProxyEventV2;

/**
 * Request bodies Hearth accepts are small forms and JSON documents: by default up to 64 KB, enough
 * for an organizer's message (5,000 characters), which URL-encoded in a non-Latin script takes up
 * to ~45 KB. A route that takes longer text (a campaign's message) says how much it takes.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The bytes a form or JSON body may need to carry `characters` of text in any script: a character
 * is at most 4 bytes of UTF-8, 12 when URL-encoded (%XX each), plus room for the other fields.
 */
export const bodyBytesFor = (characters: number): number => characters * 12 + MAX_BODY_BYTES;

const kilobytes = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;

export const rawBody = (event: HttpEvent, maxBytes = MAX_BODY_BYTES): string => {
  if (!event.body) return '';
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > maxBytes) {
    throw new HttpError(413, `The request body is larger than ${kilobytes(maxBytes)}`);
  }
  return bytes.toString('utf8');
};

const header = (event: HttpEvent, name: string): string | undefined => event.headers?.[name.toLowerCase()];

/** Parses a JSON body with the schema; every failure is a 4xx that says what is wrong. */
export const jsonBody = <S extends z.ZodMiniType>(event: HttpEvent, schema: S, options: { optional?: boolean; maxBytes?: number } = {}): z.infer<S> => {
  const text = rawBody(event, options.maxBytes);
  if (text.trim() === '' && options.optional) return parsed(schema, {});
  const type = header(event, 'content-type') ?? '';
  // eslint-disable-next-line security/detect-unsafe-regex -- anchored, and the optional `([\w.+-]+\+)?` is tried once: at most one backtrack per character of the header
  if (text.trim() !== '' && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, 'Send the body as JSON with Content-Type: application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON');
  }
  return parsed(schema, value);
};

const parsed = <S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> => {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error);
  return result.data;
};

/** An HTML form body (application/x-www-form-urlencoded) as a plain object of its first values. */
export const formBody = (event: HttpEvent, maxBytes?: number): Record<string, string> => {
  const text = rawBody(event, maxBytes);
  const type = header(event, 'content-type') ?? 'application/x-www-form-urlencoded';
  if (text !== '' && !/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new HttpError(415, 'Send the form as application/x-www-form-urlencoded');
  }
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (!Object.hasOwn(form, key)) form[key] = value;
  }
  return form;
};

/**
 * Every path parameter of every route names a stored thing by id (random UUIDs and the like:
 * letters, digits, `-` and `_`, at most 100 characters), so anything else cannot exist: 404. The
 * bound keeps what reaches DynamoDB far inside its key limits (2,048 bytes for a partition key).
 */
export const Id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,100}$/));

/** Whether a value can be one of Hearth's ids. */
export const isId = (value: string | undefined): value is string => Id.safeParse(value).success;

/** A path parameter that names a stored thing by id: anything else cannot exist, so 404 (`notFound`). */
export const idParam = (event: HttpEvent, name = 'id', notFound = 'Not found'): string => {
  const value = event.pathParameters?.[name];
  if (!isId(value)) throw new HttpError(404, notFound);
  return value;
};

/** A path parameter: every one is an id (`idParam`). */
export const pathParam = (event: HttpEvent, name: string): string => idParam(event, name);

/**
 * Query values Hearth reads are short: link tokens (at most 1,024 characters), cursors, filters and
 * flags. A longer value, or a longer name, is refused with 400 before any route reads it.
 */
export const QUERY_VALUE_MAX = 2048;
const QUERY_NAME_MAX = 100;

/** The query's values within their bound. */
const QueryValues = z.record(z.string(), z.string().check(z.maxLength(QUERY_VALUE_MAX, `At most ${QUERY_VALUE_MAX.toLocaleString('en')} characters`)));

/**
 * What every route's request must be, checked before the route runs (shared/http/handler.ts): each
 * path parameter an id (else 404) and each query name and value within its bound (else 400 with
 * the field; a name too long to echo is reported as the query's own field, `_`).
 */
export const checkRequestShape = (event: HttpEvent): void => {
  for (const value of Object.values(event.pathParameters ?? {})) {
    if (!isId(value)) throw new HttpError(404, 'Not found');
  }
  const query = event.queryStringParameters ?? {};
  if (Object.keys(query).some((name) => name.length > QUERY_NAME_MAX)) {
    throw new HttpError(400, 'Some fields need attention', { _: `A query parameter's name has at most ${QUERY_NAME_MAX} characters` });
  }
  const values = QueryValues.safeParse(query);
  if (!values.success) throw invalid(values.error);
};

export const queryParam = (event: HttpEvent, name: string): string | undefined => event.queryStringParameters?.[name];

export const bearerToken = (event: HttpEvent): string | undefined => {
  const value = header(event, 'authorization');
  const match = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
};
