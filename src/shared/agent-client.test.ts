import { describe, expect, it } from 'vitest';
import { AgentApiError, AgentWaitTimeoutError, createAgentClient } from './agent-client';
import type { Request } from './requests';
import type { Run } from './runs';

type Call = { url: string; method: string; headers: Headers; body: unknown };
type Reply = Response | (() => Response | Promise<Response>);

const at = '2026-01-02T03:04:05.000Z';

const run: Run = {
  id: 'run_1',
  sourceId: 'native',
  externalId: null,
  title: 'Refund order 4821',
  status: 'running',
  customer: 'cust_123',
  liveUrl: null,
  metadata: {},
  createdAt: at,
  updatedAt: at,
  waitingSince: null,
};

function toolRequest(overrides: Partial<Extract<Request, { kind: 'tool' }>> = {}): Request {
  return {
    id: 'req_1',
    runId: 'run_1',
    kind: 'tool',
    tool: 'refund_order',
    input: { amount: 240, customer: 'cust_123' },
    reason: 'Damaged parcel',
    canRemember: true,
    editable: true,
    status: 'pending',
    createdAt: at,
    expiresAt: null,
    answeredBy: null,
    answeredAt: null,
    response: null,
    delivery: { status: 'pending', attempts: 0, lastError: null },
    ...overrides,
  };
}

const answered = toolRequest({
  status: 'answered',
  answeredBy: 'alice',
  answeredAt: at,
  response: { decision: 'deny', note: 'Over the limit' },
  delivery: { status: 'delivered', attempts: 1, lastError: null },
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function fakeServer(...replies: Reply[]) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    init?.signal?.throwIfAborted();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body,
    });
    const reply = replies.length > 1 ? replies.shift() : replies[0];
    if (!reply) throw new Error('No reply queued');
    return typeof reply === 'function' ? reply() : reply.clone();
  };
  return { calls, client: createAgentClient({ baseUrl: 'http://cs.test', token: 'tok_1', fetch }) };
}

describe('createAgentClient', () => {
  it('creates a run with the bearer token and a JSON body', async () => {
    const { calls, client } = fakeServer(json(run, 201));
    const created = await client.createRun({ title: 'Refund order 4821', customer: 'cust_123' });
    expect(created).toEqual(run);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('http://cs.test/api/v1/runs');
    expect(calls[0]?.method).toBe('POST');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer tok_1');
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.body).toEqual({ title: 'Refund order 4821', customer: 'cust_123' });
  });

  it('accepts a base URL that already ends in /api/v1', async () => {
    const calls: string[] = [];
    const client = createAgentClient({
      baseUrl: 'http://cs.test/api/v1/',
      token: 't',
      fetch: async (input) => {
        calls.push(String(input));
        return json({ ...run, status: 'completed' });
      },
    });
    await client.updateRun('run_1', { status: 'completed' });
    expect(calls).toEqual(['http://cs.test/api/v1/runs/run_1']);
  });

  it('sends updates and events to the run', async () => {
    const event = {
      id: 'evt_1',
      runId: 'run_1',
      type: 'note',
      message: 'Looked up the order',
      data: null,
      actor: 'agent',
      createdAt: at,
    };
    const { calls, client } = fakeServer(json({ ...run, status: 'completed' }), json(event, 201));
    const updated = await client.updateRun('run_1', { status: 'completed' });
    const added = await client.addEvent('run_1', { type: 'note', message: 'Looked up the order' });
    expect(updated.status).toBe('completed');
    expect(added).toEqual(event);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'PATCH http://cs.test/api/v1/runs/run_1',
      'POST http://cs.test/api/v1/runs/run_1/events',
    ]);
  });

  it('asks for a request and returns it parsed with its defaults', async () => {
    const { calls, client } = fakeServer(json(toolRequest(), 201));
    const request = await client.ask('run_1', {
      kind: 'tool',
      tool: 'refund_order',
      input: { amount: 240, customer: 'cust_123' },
      reason: 'Damaged parcel',
    });
    expect(request.tool).toBe('refund_order');
    expect(request.canRemember).toBe(true);
    expect(calls[0]?.url).toBe('http://cs.test/api/v1/runs/run_1/requests');
    expect(calls[0]?.body).toMatchObject({ kind: 'tool', tool: 'refund_order' });
  });

  it('throws AgentApiError with the error body of a refused call', async () => {
    const { client } = fakeServer(
      json(
        {
          error: {
            code: 'invalid',
            message: 'Invalid request',
            details: { 'questions.0.text': 'Required' },
          },
        },
        422,
      ),
    );
    const error = await client
      .ask('run_1', { kind: 'questions', questions: [{ id: 'q1', text: ' ' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid',
      message: 'Invalid request',
      details: { 'questions.0.text': 'Required' },
    });
  });

  it('reports a non-JSON failure with its status', async () => {
    const { client } = fakeServer(new Response('<h1>Bad gateway</h1>', { status: 502 }));
    const error = await client.createRun({ title: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_error' });
    expect((error as Error).message).toContain('Bad gateway');
  });

  it('refuses a response that does not match the contract', async () => {
    const { client } = fakeServer(json({ id: 'run_1' }, 201));
    const error = await client.createRun({ title: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 201, code: 'invalid_response' });
  });

  it('waits with ?wait=60 until the request is answered', async () => {
    const { calls, client } = fakeServer(json(toolRequest()), json(toolRequest()), json(answered));
    const result = await client.waitForAnswer('req_1');
    expect(calls.map((c) => c.url)).toEqual([
      'http://cs.test/api/v1/requests/req_1?wait=60',
      'http://cs.test/api/v1/requests/req_1?wait=60',
      'http://cs.test/api/v1/requests/req_1?wait=60',
    ]);
    expect(result.status).toBe('answered');
    if (result.status === 'answered' && result.kind === 'tool') {
      expect(result.response.decision).toBe('deny');
    }
  });

  it('does not wait for a request that is already settled', async () => {
    const { calls, client } = fakeServer();
    const result = await client.waitForAnswer(answered);
    expect(result).toEqual(answered);
    expect(calls).toHaveLength(0);
  });

  it('returns expired and cancelled requests as settled', async () => {
    const { client } = fakeServer(json(toolRequest({ status: 'cancelled' })));
    const result = await client.waitForAnswer('req_1');
    expect(result.status).toBe('cancelled');
  });

  it('shortens the wait to the time left and gives up at the timeout', async () => {
    const { calls, client } = fakeServer(
      () => new Promise<Response>((resolve) => setTimeout(() => resolve(json(toolRequest())), 30)),
    );
    const error = await client.waitForAnswer('req_1', { timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentWaitTimeoutError);
    expect(calls[0]?.url).toBe('http://cs.test/api/v1/requests/req_1?wait=2');
    expect(calls.every((c) => /wait=[12]$/.test(c.url))).toBe(true);
  });

  it('retries transient failures while waiting', async () => {
    const { calls, client } = fakeServer(
      json({ error: { code: 'internal', message: 'Down' } }, 503),
      () => Promise.reject(new TypeError('fetch failed')),
      json(answered),
    );
    const result = await client.waitForAnswer('req_1');
    expect(result.status).toBe('answered');
    expect(calls).toHaveLength(3);
  });

  it('does not retry a refusal while waiting', async () => {
    const { calls, client } = fakeServer(
      json({ error: { code: 'not_found', message: 'No such request' } }, 404),
    );
    const error = await client.waitForAnswer('req_x').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 'not_found' });
    expect(calls).toHaveLength(1);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const { client } = fakeServer(() => {
      controller.abort(new Error('shutting down'));
      return json(toolRequest());
    });
    const error = await client
      .waitForAnswer('req_1', { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toEqual(new Error('shutting down'));
  });

  it('asks and waits in one call', async () => {
    const { calls, client } = fakeServer(json(toolRequest(), 201), json(answered));
    const result = await client.askAndWait('run_1', {
      kind: 'tool',
      tool: 'refund_order',
      input: { amount: 240 },
    });
    expect(result.answeredBy).toBe('alice');
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
  });
});
