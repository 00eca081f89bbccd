import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { issuesToDetails } from '../../shared/errors';
import { ApiError } from './api-error';
import type { AppEnv } from './app-env';

export type JsonInput<S extends z.ZodType> = {
  in: { json: z.input<S> };
  out: { json: z.output<S> };
};
export type QueryInput<S extends z.ZodType> = {
  in: { query: Record<string, string> };
  out: { query: z.output<S> };
};

/** Reads the body as JSON whatever its content type: malformed JSON is a 400, valid JSON that breaks the schema a 422. */
export async function readJson(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'bad_request', 'Send a JSON body');
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_request', 'The body is not valid JSON');
  }
}

export function parseOrInvalid<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ApiError(
      422,
      'invalid',
      'Some fields are invalid',
      issuesToDetails(result.error.issues),
    );
  return result.data;
}

export function jsonBody<S extends z.ZodType>(
  schema: S,
): MiddlewareHandler<AppEnv, string, JsonInput<S>> {
  return async (c, next) => {
    const parsed = parseOrInvalid(schema, await readJson(c));
    c.req.addValidatedData('json', parsed as object);
    await next();
  };
}

export function queryParams<S extends z.ZodType>(
  schema: S,
): MiddlewareHandler<AppEnv, string, QueryInput<S>> {
  return async (c, next) => {
    const result = schema.safeParse(c.req.query());
    if (!result.success) {
      throw new ApiError(
        400,
        'bad_request',
        'Some query parameters are invalid',
        issuesToDetails(result.error.issues),
      );
    }
    c.req.addValidatedData('query', result.data as object);
    await next();
  };
}
