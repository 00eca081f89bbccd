import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../api/connectors/harness';

/**
 * Countersign against the real LangGraph JS dev server (`@langchain/langgraph-cli dev`) running the
 * graphs in ./graphs: an agent gating two parallel tool calls with `humanInTheLoopMiddleware`, and a
 * legacy `interrupt()` graph asking in the Agent Inbox shape.
 */
let lg: ChildProcess;
let lgUrl: string;
let h: Harness;
let sourceId: string;
let output = '';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  lgUrl = `http://127.0.0.1:${port}`;
  const graphs = fileURLToPath(new URL('./graphs', import.meta.url));
  // The dev server keeps its threads in .langgraph_api between starts: each run starts empty.
  await rm(`${graphs}/.langgraph_api`, { recursive: true, force: true });
  lg = spawn(
    'npx',
    [
      '@langchain/langgraph-cli',
      'dev',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--no-browser',
    ],
    {
      cwd: graphs,
      env: { ...process.env, LANGGRAPH_CLI_NO_ANALYTICS: '1' },
      // Its own process group, so afterAll ends npx, the CLI and the server it starts together.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  lg.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  lg.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await eventually(async () => {
    const res = await fetch(`${lgUrl}/ok`).catch(() => null);
    return res?.ok ? true : undefined;
  }, 90_000).catch((error: unknown) => {
    throw new Error(
      `The LangGraph dev server did not start: ${String(error)}\n${output.slice(-2000)}`,
    );
  });
  h = await startHarness();
  sourceId = await h.createSource({ kind: 'langgraph', name: 'LangGraph', baseUrl: lgUrl });
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (lg?.pid) {
    try {
      process.kill(-lg.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

async function lgCall(method: string, path: string, body?: unknown) {
  const res = await fetch(`${lgUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- LangGraph's replies are read loosely after the status
  return { status: res.status, body: (await res.json()) as any };
}

/** A thread of `graph` run until it interrupts. */
async function interruptedThread(graph: string, input: unknown): Promise<string> {
  const thread = await lgCall('POST', '/threads', {});
  const threadId = thread.body.thread_id as string;
  const run = await lgCall('POST', `/threads/${threadId}/runs/wait`, {
    assistant_id: graph,
    input,
  });
  expect(run.body.__interrupt__).toBeDefined();
  return threadId;
}

type Member = { id: string; tool: string; input: Record<string, unknown>; editable: boolean };

async function discovered(threadId: string): Promise<{ id: string; requests: Member[] }> {
  expect((await h.poll(sourceId)).status).toBe(200);
  for (const run of await h.runsOf(sourceId)) {
    const detail = (await h.api('GET', `/runs/${run.id}`)).body;
    if (detail.externalId === threadId) return detail;
  }
  throw new Error(`thread ${threadId} was not found`);
}

const answer = async (requestId: string, body: unknown) =>
  expect((await h.api('POST', `/requests/${requestId}/response`, body)).status).toBe(200);

/** The thread's values once its resumed run has finished. */
async function finished(threadId: string) {
  return eventually(async () => {
    const thread = await lgCall('GET', `/threads/${threadId}`);
    return thread.body.status === 'idle' ? thread.body.values : undefined;
  }, 20_000);
}

function toolOutputs(values: { messages: { type?: string; name?: string; content: unknown }[] }) {
  return values.messages
    .filter((m) => m.type === 'tool')
    .map((m) => ({ name: m.name, content: m.content }));
}

describe('LangGraph dev server', () => {
  it('HITL middleware: both calls become one group; approve and an edit resume it once and the tools run', async () => {
    const threadId = await interruptedThread('hitl_agent', {
      messages: [{ role: 'user', content: 'tidy up' }],
    });
    const run = await discovered(threadId);
    expect(run.requests.map((r) => [r.tool, r.input, r.editable])).toEqual([
      ['send_email', { to: 'ann@example.com', body: 'hello' }, true],
      ['delete_file', { path: '/tmp/report.txt' }, false],
    ]);
    await answer(run.requests[1]!.id, { decision: 'approve' });
    await answer(run.requests[0]!.id, {
      decision: 'approve',
      input: { to: 'bob@example.com', body: 'hello' },
    });
    const values = await finished(threadId);
    expect(toolOutputs(values)).toEqual([
      { name: 'send_email', content: 'sent to bob@example.com: hello' },
      { name: 'delete_file', content: 'deleted /tmp/report.txt' },
    ]);
    const delivered = await eventually(async () => {
      const res = await h.api('GET', `/requests/${run.requests[0]!.id}`);
      return res.body.delivery.status === 'delivered' ? res.body : undefined;
    });
    expect(delivered.delivery.attempts).toBe(1);
  });

  it('HITL middleware: a denial reaches the graph as a rejection with the note', async () => {
    const threadId = await interruptedThread('hitl_agent', {
      messages: [{ role: 'user', content: 'tidy up' }],
    });
    const run = await discovered(threadId);
    await answer(run.requests[0]!.id, { decision: 'approve' });
    await answer(run.requests[1]!.id, { decision: 'deny', note: 'keep the report' });
    const values = await finished(threadId);
    // The middleware runs no call of a turn with a rejection; the model is asked again instead.
    expect(toolOutputs(values)).toEqual([{ name: 'delete_file', content: 'keep the report' }]);
  });

  it('Agent Inbox interrupt: an edited approval and a denial reach the legacy graph', async () => {
    const edited = await interruptedThread('inbox_graph', { to: 'acme' });
    const editRun = await discovered(edited);
    expect(editRun.requests.map((r) => [r.tool, r.input, r.editable])).toEqual([
      ['wire_money', { to: 'acme', amount: 100 }, true],
    ]);
    await answer(editRun.requests[0]!.id, {
      decision: 'approve',
      input: { to: 'acme', amount: 50 },
    });
    expect((await finished(edited)).outcome).toBe('wired 50 to acme');

    const denied = await interruptedThread('inbox_graph', { to: 'acme' });
    const denyRun = await discovered(denied);
    await answer(denyRun.requests[0]!.id, { decision: 'deny', note: 'wrong supplier' });
    expect((await finished(denied)).outcome).toBe('refused: wrong supplier');
  });

  it("the thread's error after a resume is shown as a failed delivery", async () => {
    const threadId = await interruptedThread('inbox_graph', { to: 'acme' });
    const run = await discovered(threadId);
    await answer(run.requests[0]!.id, { decision: 'approve', input: { to: 'nobody', amount: 1 } });
    const failed = await eventually(async () => {
      const res = await h.api('GET', `/requests/${run.requests[0]!.id}`);
      return res.body.delivery.status === 'failed' ? res.body : undefined;
    }, 20_000);
    expect(failed.delivery.lastError).toMatch(/ended in an error: .*No supplier named nobody/);
  });
});
