import * as z from 'zod/mini';
import { errorBodySchema } from '../../../shared/errors';
import { accessTag, type RouteAccess } from '../../auth/guards';
import { inputTag, type RouteInput } from '../../http/validators';
import { operations, type Operation, type OperationResponse } from './operations';

/** A route as Hono lists it: one entry per handler and middleware of the route. */
export type ListedRoute = { method: string; path: string; handler: unknown };

type JsonSchema = Record<string, unknown>;

const methods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * zod's JSON Schema (2020-12, which OpenAPI 3.1 uses) for a shared schema: what a client sends (`input`,
 * defaults optional) or what it gets back (`output`). Checks JSON Schema cannot say (unique names,
 * prototype-safe keys) are left to the prose and the server's 422.
 */
function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function security(access: RouteAccess) {
  if (access === 'public' || access === 'platform') return [];
  if (access === 'agent') return [{ agentToken: [] }];
  if (access === 'user-or-agent') return [{ agentToken: [] }, { session: [] }];
  return [{ session: [] }];
}

function successResponse(response: OperationResponse) {
  if ('schema' in response) {
    return {
      description: response.description,
      content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } },
    };
  }
  if ('mediaType' in response) {
    return { description: response.description, content: { [response.mediaType]: {} } };
  }
  return { description: response.description };
}

type Gathered = { method: string; path: string; access: RouteAccess | null; inputs: RouteInput[] };

/** Each route once, with its guard's access and its validators' schemas, read off its handlers. */
function gather(routes: readonly ListedRoute[]): Gathered[] {
  const found = new Map<string, Gathered>();
  for (const route of routes) {
    if (!methods.has(route.method)) continue;
    const key = `${route.method} ${route.path}`;
    const entry = found.get(key) ?? {
      method: route.method,
      path: route.path,
      access: null,
      inputs: [],
    };
    const handler = route.handler as { [accessTag]?: RouteAccess; [inputTag]?: RouteInput };
    entry.access ??= handler[accessTag] ?? null;
    if (handler[inputTag]) entry.inputs.push(handler[inputTag]);
    found.set(key, entry);
  }
  return [...found.values()];
}

function parameters(path: string, query: RouteInput | undefined) {
  const inPath = [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (!query) return inPath;
  const schema = jsonSchema(query.schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const inQuery = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
  return [...inPath, ...inQuery];
}

function operationOf(route: Gathered, described: Operation) {
  const access = route.access ?? 'public';
  const body = described.body ?? route.inputs.find((i) => i.in === 'body')?.schema;
  const query = route.inputs.find((i) => i.in === 'query');
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(described.responses)) {
    responses[status] = successResponse(response);
  }
  if (body || query) responses[400] = errorResponse('Malformed JSON or query');
  if (access !== 'public' || described.credential) {
    responses[401] = errorResponse('No or bad credentials');
  }
  if (access !== 'public' && access !== 'platform') responses[403] = errorResponse('Not allowed');
  if (route.path.includes(':')) responses[404] = errorResponse('Not found');
  if (described.conflict) responses[409] = errorResponse(described.conflict);
  if (described.rawBody) responses[413] = errorResponse('Body larger than 1 MiB');
  if (body) {
    responses[413] = errorResponse('Body larger than 1 MiB');
    responses[422] = errorResponse('Invalid content; details name the fields');
  }
  if (route.path === '/api/v1/session' && route.method === 'POST') {
    responses[429] = errorResponse('Too many sign-in attempts; Retry-After says when to try');
  }
  return {
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+/g, '_')}`,
    summary: described.summary,
    tags: [described.tag],
    security: described.credential ? [{ [described.credential]: [] }] : security(access),
    // OpenAPI cannot name a caller who proves itself by each platform's own signature scheme.
    ...(access === 'platform' ? { 'x-caller': 'platform' } : {}),
    parameters: parameters(route.path, query),
    ...(described.rawBody
      ? {
          requestBody: {
            required: true,
            description: described.rawBody.description,
            content: { [described.rawBody.mediaType]: {} },
          },
        }
      : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the routes given, as they are served: paths, guards and validators come
 * from the router; summaries and success responses from `operations.ts`. A route missing there is an
 * error, so a new route cannot ship undescribed (the test builds the document from every route).
 */
export function openApiDocument(routes: readonly ListedRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of gather(routes)) {
    const key = `${route.method} ${route.path}`;
    const described = operations[key];
    if (!described) throw new Error(`${key} is not described in routes/openapi/operations.ts`);
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operationOf(route, described);
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Countersign API',
      version,
      description:
        'Agents ask people (bearer agent token); people answer (session cookie). Every error is { error: { code, message, details?, requestId? } }.',
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBodySchema, 'output') },
      securitySchemes: {
        agentToken: { type: 'http', scheme: 'bearer', description: 'An agent token' },
        session: { type: 'apiKey', in: 'cookie', name: 'cs_session' },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'COUNTERSIGN_METRICS_TOKEN, for a Prometheus scraper',
        },
      },
    },
  };
}
