import { en } from 'zod/locales';
import type * as z from 'zod/mini';
import { errorBodySchema } from './errors';
import {
  requestGroupSchema,
  requestSchema,
  type RequestGroup,
  type CreateRequest,
  type RequestKind,
  type RequestOf,
  type ResponseFor,
} from './requests';
import {
  runDetailSchema,
  runSchema,
  timelineEventSchema,
  type CreateEvent,
  type CreateRun,
  type Run,
  type RunDetail,
  type TimelineEvent,
  type UpdateRun,
} from './runs';

export type AgentClientOptions = {
  /** The server's origin, e.g. `http://127.0.0.1:8787` (a trailing `/api/v1` is accepted too). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
};

/** A request that is no longer pending; narrowing on `status === 'answered'` gives the kind's response. */
export type SettledRequest<K extends RequestKind = RequestKind> = K extends RequestKind
  ? | (RequestOf<K> & { status: 'answered'; response: ResponseFor<K> })
    | (RequestOf<K> & { status: 'expired' | 'cancelled' })
  : never;

export type WaitOptions = {
  /** Give up after this long with an `AgentWaitTimeoutError`; waits forever when absent. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

type KindOf<T extends CreateRequest> = T['kind'];

export class AgentApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AgentApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export class AgentWaitTimeoutError extends Error {
  readonly requestId: string;

  constructor(requestId: string, timeoutMs: number) {
    super(`Request ${requestId} was still pending after ${timeoutMs} ms`);
    this.name = 'AgentWaitTimeoutError';
    this.requestId = requestId;
  }
}

const maxWaitSeconds = 60;
const retryDelaysMs = [250, 500, 1000, 2000, 5000];

function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api/v1') ? trimmed : `${trimmed}/api/v1`;
}

async function errorFrom(res: Response): Promise<AgentApiError> {
  const text = await res.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new AgentApiError(res.status, code, message, details);
  }
  const snippet = text.slice(0, 200) || res.statusText;
  return new AgentApiError(res.status, 'http_error', `HTTP ${res.status}: ${snippet}`);
}

/** Transient failures worth retrying on an idempotent read: network errors, 429 and 5xx. */
function isTransient(error: unknown): boolean {
  if (error instanceof AgentApiError) return error.status === 429 || error.status >= 500;
  return error instanceof TypeError;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function settled<K extends RequestKind>(request: RequestOf<K>): SettledRequest<K> | null {
  if (request.status === 'pending') return null;
  if (request.status === 'answered' && request.response === null) {
    throw new AgentApiError(
      200,
      'invalid_response',
      `Request ${request.id} is answered without a response`,
    );
  }
  return request as SettledRequest<K>;
}

/** zod/mini carries no messages of its own, and a client must not change the process-wide zod config. */
const englishMessages = en().localeError;

export function createAgentClient(options: AgentClientOptions) {
  const root = apiRoot(options.baseUrl);
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call<S extends z.ZodMiniType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.token}`,
      Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await doFetch(`${root}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    if (!res.ok) throw await errorFrom(res);
    const json: unknown = await res.json().catch(() => undefined);
    const parsed = schema.safeParse(json, { error: englishMessages });
    if (!parsed.success) {
      throw new AgentApiError(
        res.status,
        'invalid_response',
        `Unexpected response from ${method} ${path}: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }

  const idPath = (id: string) => encodeURIComponent(id);

  function createRun(run: CreateRun): Promise<Run> {
    return call(runSchema, 'POST', '/runs', run);
  }

  function updateRun(id: string, update: UpdateRun): Promise<Run> {
    return call(runSchema, 'PATCH', `/runs/${idPath(id)}`, update);
  }

  function getRun(id: string): Promise<RunDetail> {
    return call(runDetailSchema, 'GET', `/runs/${idPath(id)}`);
  }

  function addEvent(runId: string, event: CreateEvent): Promise<TimelineEvent> {
    return call(timelineEventSchema, 'POST', `/runs/${idPath(runId)}/events`, event);
  }

  async function ask<T extends CreateRequest>(
    runId: string,
    request: T,
  ): Promise<RequestOf<KindOf<T>>> {
    const created = await call(requestSchema, 'POST', `/runs/${idPath(runId)}/requests`, request);
    if (created.kind !== request.kind) {
      throw new AgentApiError(
        201,
        'invalid_response',
        `Asked for a ${request.kind} request, got ${created.kind}`,
      );
    }
    return created as RequestOf<KindOf<T>>;
  }

  async function getRequest<K extends RequestKind = RequestKind>(
    id: string,
    opts: { wait?: number; signal?: AbortSignal } = {},
  ): Promise<RequestOf<K>> {
    const query =
      opts.wait === undefined
        ? ''
        : `?wait=${Math.max(0, Math.min(maxWaitSeconds, Math.ceil(opts.wait)))}`;
    const request = await call(
      requestSchema,
      'GET',
      `/requests/${idPath(id)}${query}`,
      undefined,
      opts.signal,
    );
    return request as RequestOf<K>;
  }

  async function waitForAnswer<K extends RequestKind = RequestKind>(
    request: RequestOf<K> | string,
    opts: WaitOptions = {},
  ): Promise<SettledRequest<K>> {
    if (typeof request !== 'string') {
      const done = settled(request);
      if (done) return done;
    }
    const id = typeof request === 'string' ? request : request.id;
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    let failures = 0;
    for (;;) {
      opts.signal?.throwIfAborted();
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new AgentWaitTimeoutError(id, opts.timeoutMs ?? 0);
      const wait = Math.min(maxWaitSeconds, Math.ceil(remainingMs / 1000));
      let current: RequestOf<K>;
      try {
        current = await getRequest<K>(id, { wait, signal: opts.signal });
        failures = 0;
      } catch (error) {
        if (opts.signal?.aborted || !isTransient(error)) throw error;
        const delay = retryDelaysMs[Math.min(failures, retryDelaysMs.length - 1)] ?? 5000;
        failures += 1;
        await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), opts.signal);
        continue;
      }
      const done = settled(current);
      if (done) return done;
    }
  }

  async function askAndWait<T extends CreateRequest>(
    runId: string,
    request: T,
    opts: WaitOptions = {},
  ): Promise<SettledRequest<KindOf<T>>> {
    const created = await ask(runId, request);
    return waitForAnswer<KindOf<T>>(created, opts);
  }

  /** Every request asked in `group` on the run, once none of them is pending (one reply for all). */
  async function waitForGroup(
    runId: string,
    group: string,
    opts: WaitOptions = {},
  ): Promise<RequestGroup> {
    const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
    let failures = 0;
    for (;;) {
      opts.signal?.throwIfAborted();
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new AgentWaitTimeoutError(group, opts.timeoutMs ?? 0);
      const wait = Math.min(maxWaitSeconds, Math.ceil(remainingMs / 1000));
      try {
        const current = await call(
          requestGroupSchema,
          'GET',
          `/runs/${idPath(runId)}/groups/${idPath(group)}?wait=${wait}`,
          undefined,
          opts.signal,
        );
        failures = 0;
        if (current.decided) return current;
      } catch (error) {
        if (opts.signal?.aborted || !isTransient(error)) throw error;
        const delay = retryDelaysMs[Math.min(failures, retryDelaysMs.length - 1)] ?? 5000;
        failures += 1;
        await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), opts.signal);
      }
    }
  }

  return {
    createRun,
    updateRun,
    getRun,
    addEvent,
    ask,
    getRequest,
    waitForAnswer,
    askAndWait,
    waitForGroup,
  };
}

export type AgentClient = ReturnType<typeof createAgentClient>;
