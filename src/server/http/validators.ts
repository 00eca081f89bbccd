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

/** What a validator checks, kept on the middleware so the API's description is read from the router. */
export const inputTag = Symbol('routeInput');
export type RouteInput = { in: 'body' | 'query'; schema: z.core.$ZodType };

function tagged<M extends MiddlewareHandler>(middleware: M, input: RouteInput): M {
  return Object.assign(middleware, { [inputTag]: input });
}

export function jsonBody<S extends z.core.$ZodType>(
  schema: S,
): MiddlewareHandler<AppEnv, string, JsonInput<S>> {
  const middleware: MiddlewareHandler<AppEnv, string, JsonInput<S>> = async (c, next) => {
    const parsed = parseOrInvalid(schema, await readJson(c));
    c.req.addValidatedData('json', parsed as object);
    await next();
  };
  return tagged(middleware, { in: 'body', schema });
}

export function queryParams<S extends z.core.$ZodType>(
  schema: S,
): MiddlewareHandler<AppEnv, string, QueryInput<S>> {
  return tagged<MiddlewareHandler<AppEnv, string, QueryInput<S>>>(
    async (c, next) => {
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
    },
    { in: 'query', schema },
  );
}
