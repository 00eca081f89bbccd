import type * as z from 'zod/mini';
import { errorBodySchema } from '../../shared/errors';

export type ApiErrorInit = {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
};

/** Every failed call throws this; `status` 0 means the request never reached the server. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
  }

  get isNetworkError() {
    return this.status === 0;
  }
}

export const API_BASE = '/api/v1';

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(`${API_BASE}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError({ status: 0, code: 'network', message: 'Could not reach the server' });
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) return new ApiError({ status: response.status, ...parsed.data.error });
  return new ApiError({
    status: response.status,
    code: 'unexpected',
    message: `The server answered ${response.status}`,
  });
}

/** Calls the API and parses the answer with the contract's schema; `schema` null expects no body. */
export async function apiRequest<S extends z.ZodMiniType>(
  path: string,
  schema: S,
  options?: RequestOptions,
): Promise<z.infer<S>>;
export async function apiRequest(
  path: string,
  schema: null,
  options?: RequestOptions,
): Promise<void>;
export async function apiRequest(
  path: string,
  schema: z.ZodMiniType | null,
  options: RequestOptions = {},
): Promise<unknown> {
  const response = await send(path, options);
  if (!response.ok) throw await toApiError(response);
  if (schema === null) return undefined;
  return schema.parse(await response.json());
}

export const api = {
  get: <S extends z.ZodMiniType>(path: string, schema: S, signal?: AbortSignal) =>
    apiRequest(path, schema, { signal }),
  post: <S extends z.ZodMiniType>(
    path: string,
    body: unknown,
    schema: S,
    headers?: Record<string, string>,
  ) => apiRequest(path, schema, { method: 'POST', body, headers }),
  patch: <S extends z.ZodMiniType>(path: string, body: unknown, schema: S) =>
    apiRequest(path, schema, { method: 'PATCH', body }),
  /** A PUT whose answer has no body (204). */
  put: (path: string, body: unknown) => apiRequest(path, null, { method: 'PUT', body }),
  delete: (path: string) => apiRequest(path, null, { method: 'DELETE' }),
};
