import type { MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import { issuesToDetails } from '../../shared/errors';
import { ApiError } from '../lib/api-error';
import { parseOrInvalid, readJson } from '../lib/validate';
import type { AppEnv } from './app-env';

export type JsonInput<S extends z.core.$ZodType> = {
  in: { json: z.input<S> };
  out: { json: z.output<S> };
};
export type QueryInput<S extends z.core.$ZodType> = {
  in: { query: Record<string, string> };
  out: { query: z.output<S> };
};

export function jsonBody<S extends z.core.$ZodType>(
  schema: S,
): MiddlewareHandler<AppEnv, string, JsonInput<S>> {
  return async (c, next) => {
    const parsed = parseOrInvalid(schema, await readJson(c));
    c.req.addValidatedData('json', parsed as object);
    await next();
  };
}

export function queryParams<S extends z.core.$ZodType>(
  schema: S,
): MiddlewareHandler<AppEnv, string, QueryInput<S>> {
  return async (c, next) => {
    const result = z.safeParse(schema, c.req.query());
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
