import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../../../src/server/testing/metrics-text';
import type { RunDetail } from '../../../src/shared/runs';
import {
  adminPassword,
  agentToken,
  metricsToken,
  answerPending,
  pendingRequestOn,
  startCountersign,
  type Countersign,
} from './countersign-for-mcp';

const waitMs = 4000;

type ToolOutput = { isError?: boolean; text: string; json: Record<string, unknown> };

describe('MCP server at /mcp, through the SDK client over HTTP', () => {
  let cs: Countersign;
  const clients: Client[] = [];

  beforeAll(async () => {
    cs = await startCountersign({ waitMs, progressEveryMs: 150 });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await cs?.close();
  });

  async function connect(token = agentToken): Promise<Client> {
    const client = new Client({ name: 'countersign-test', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${cs.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  async function call(
    name: string,
    args: Record<string, unknown>,
    options: { onprogress?: (p: Progress) => void } = {},
  ): Promise<ToolOutput> {
    const client = await connect();
    const result = await client.callTool({ name, arguments: args }, undefined, {
      timeout: 30_000,
      ...options,
    });
    const content = result.content as { type: string; text: string }[];
    const text = content[0]!.text;
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // A tool error from the SDK's own argument check is plain text.
    }
    return { isError: result.isError as boolean | undefined, text, json };
  }

  async function sessionCookie(): Promise<string> {
    const res = await fetch(`${cs.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    return res.headers.get('Set-Cookie')!.split(';')[0]!;
  }

  const newRun = (title = 'Refund order 1042') => cs.agent.createRun({ title });
  const runDetail = (runId: string) => cs.admin.json<RunDetail>('GET', `/runs/${runId}`);

  it('lists the seven tools, each with a description and described arguments', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'ask_message',
      'ask_questions',
      'permission_prompt',
      'request_approval',
      'request_plan_approval',
      'request_review',
      'wait_for_answer',
    ]);
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(40);
      const properties = tool.inputSchema.properties as Record<string, { description?: string }>;
      for (const [name, schema] of Object.entries(properties)) {
        expect(schema.description, `${tool.name}.${name}`).toBeTruthy();
      }
    }
    const permission = tools.find((t) => t.name === 'permission_prompt')!;
    expect(permission.inputSchema.required).toEqual(['tool_name', 'input']);
    expect((permission.inputSchema.properties as Record<string, unknown>).input).toMatchObject({
      type: 'object',
    });
  });

  it('request_approval returns the input as the reviewer edited it, with the note; the timeline says MCP', async () => {
    const run = await newRun();
    const calling = call('request_approval', {
      runId: run.id,
      tool: 'refund_order',
      input: { orderId: 1042, amount: 250 },
      reason: 'Damaged parcel',
    });
    const request = await answerPending(cs.admin, run.id, {
      decision: 'approve',
      input: { orderId: 1042, amount: 100 },
      note: 'Half now',
    });
    const { json, isError } = await calling;
    expect(isError).toBeUndefined();
    expect(json).toEqual({
      status: 'answered',
      requestId: request.id,
      runId: run.id,
      answeredBy: 'admin',
      decision: 'approve',
      input: { orderId: 1042, amount: 100 },
      edited: true,
      note: 'Half now',
    });
    const detail = await runDetail(run.id);
    const created = detail.timeline.find((e) => e.type === 'request.created');
    expect(created).toMatchObject({
      message: 'Asked to call refund_order over MCP',
      data: { via: 'mcp', tool: 'request_approval' },
    });
    const delivered = detail.requests.find((r) => r.id === request.id);
    expect(delivered?.delivery.status).toBe('delivered');
  });

  it('request_approval says deny, with no input to run and the reviewer’s note', async () => {
    const run = await newRun();
    const calling = call('request_approval', {
      runId: run.id,
      tool: 'delete_account',
      input: { accountId: 'acc_9' },
    });
    await answerPending(cs.admin, run.id, { decision: 'deny', note: 'Never delete accounts' });
    const { json } = await calling;
    expect(json).toMatchObject({
      status: 'answered',
      decision: 'deny',
      input: null,
      edited: false,
      note: 'Never delete accounts',
    });
  });

  it('ask_questions starts a run of its own titled by `title` and returns each answer by question', async () => {
    const calling = call('ask_questions', {
      title: 'Plan the offsite',
      customer: 'cust_7',
      questions: [
        { text: 'Which city?', options: ['Berlin', 'Lisbon'], allowOther: false },
        { id: 'budget', text: 'What budget?' },
      ],
    });
    const runs = async () =>
      (await cs.admin.json<{ items: { id: string; title: string }[] }>('GET', '/runs')).items;
    let runId: string | undefined;
    for (let i = 0; i < 200 && !runId; i += 1) {
      runId = (await runs()).find((r) => r.title === 'Plan the offsite')?.id;
      if (!runId) await new Promise((r) => setTimeout(r, 50));
    }
    expect(runId).toBeDefined();
    await answerPending(cs.admin, runId!, {
      answers: [
        { questionId: 'q1', value: 'Lisbon' },
        { questionId: 'budget', value: '12000 EUR' },
      ],
    });
    const { json } = await calling;
    expect(json).toMatchObject({
      status: 'answered',
      runId,
      answers: [
        { questionId: 'q1', question: 'Which city?', answer: 'Lisbon' },
        { questionId: 'budget', question: 'What budget?', answer: '12000 EUR' },
      ],
    });
    const detail = await runDetail(runId!);
    expect(detail.customer).toBe('cust_7');
    expect(detail.timeline[0]?.message).toBe('Run started over MCP: Plan the offsite');
  });

  it('request_plan_approval, request_review and ask_message return the reviewer’s decision and words', async () => {
    const planRun = await newRun('Migrate the billing tables');
    const plan = call('request_plan_approval', { runId: planRun.id, plan: '1. Copy\n2. Switch' });
    await answerPending(cs.admin, planRun.id, { decision: 'revise', feedback: 'Add a rollback' });
    expect((await plan).json).toMatchObject({
      status: 'answered',
      decision: 'revise',
      feedback: 'Add a rollback',
    });

    const reviewRun = await newRun('Reply to ticket 88');
    const review = call('request_review', {
      runId: reviewRun.id,
      output: 'Dear customer, …',
      reviewTitle: 'Reply',
    });
    const reviewed = await answerPending(cs.admin, reviewRun.id, {
      decision: 'reject',
      feedback: 'Too curt',
    });
    expect(reviewed).toMatchObject({ kind: 'review', title: 'Reply' });
    expect((await review).json).toMatchObject({ decision: 'reject', feedback: 'Too curt' });

    const messageRun = await newRun('Book the venue');
    const message = call('ask_message', {
      runId: messageRun.id,
      message: 'Which contact should I use?',
      fields: [{ name: 'email', label: 'Email', required: true }],
    });
    await answerPending(cs.admin, messageRun.id, { fields: { email: 'ops@example.com' } });
    expect((await message).json).toMatchObject({
      status: 'answered',
      fields: { email: 'ops@example.com' },
    });
  });

  it('permission_prompt speaks Claude Code’s contract: allow with the (edited) input, deny with a message', async () => {
    const allowing = call('permission_prompt', {
      tool_name: 'Bash',
      input: { command: 'rm -rf build' },
      tool_use_id: 'toolu_01',
    });
    const runId = await runTitled('Permission to use Bash');
    await answerPending(cs.admin, runId, {
      decision: 'approve',
      input: { command: 'rm -rf build/tmp' },
    });
    const allowed = await allowing;
    expect(JSON.parse(allowed.text)).toEqual({
      behavior: 'allow',
      updatedInput: { command: 'rm -rf build/tmp' },
    });

    const run = await newRun('Claude Code session');
    const denying = call('permission_prompt', {
      runId: run.id,
      tool_name: 'Write',
      input: { file_path: '/etc/passwd', content: '' },
    });
    await answerPending(cs.admin, run.id, { decision: 'deny', note: 'Not that file' });
    expect(JSON.parse((await denying).text)).toEqual({
      behavior: 'deny',
      message: 'Not that file',
    });
  });

  async function runTitled(title: string): Promise<string> {
    for (let i = 0; i < 200; i += 1) {
      const { items } = await cs.admin.json<{ items: { id: string; title: string }[] }>(
        'GET',
        '/runs',
      );
      const found = items.find((r) => r.title === title);
      if (found) return found.id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`No run titled ${title}`);
  }

  it('past the wait limit returns pending, with progress notifications meanwhile; wait_for_answer continues', async () => {
    const run = await newRun();
    const progress: Progress[] = [];
    const started = Date.now();
    const first = await call(
      'request_approval',
      { runId: run.id, tool: 'refund_order', input: { amount: 5 } },
      { onprogress: (p) => progress.push(p) },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(waitMs - 100);
    expect(first.json).toMatchObject({ status: 'pending', runId: run.id });
    const requestId = first.json.requestId as string;
    expect((await pendingRequestOn(cs.admin, run.id)).id).toBe(requestId);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.map((p) => p.progress)).toEqual(
      [...progress.map((p) => p.progress)].sort((a, b) => a - b),
    );
    expect(progress[0]?.message).toMatch(/Waiting for a person/);

    const waiting = call('wait_for_answer', { requestId });
    await new Promise((r) => setTimeout(r, 200));
    await cs.admin.json('POST', `/requests/${requestId}/response`, { decision: 'approve' });
    expect((await waiting).json).toMatchObject({
      status: 'answered',
      requestId,
      decision: 'approve',
      input: { amount: 5 },
      edited: false,
    });
  });

  it('an expiry and a cancel come back as clear results, never as an approval', async () => {
    const expiring = await call('request_approval', {
      title: 'Short-lived',
      tool: 'send_email',
      input: { to: 'a@example.com' },
      expiresInSeconds: 1,
    });
    expect(expiring.json).toMatchObject({ status: 'expired' });
    expect(expiring.json.message).toMatch(/Do not go ahead/);

    const run = await newRun();
    const cancelled = call('permission_prompt', {
      runId: run.id,
      tool_name: 'Bash',
      input: { command: 'deploy' },
    });
    await pendingRequestOn(cs.admin, run.id);
    await cs.admin.json('POST', `/runs/${run.id}/stop`);
    const result = JSON.parse((await cancelled).text) as { behavior: string; message: string };
    expect(result.behavior).toBe('deny');
    expect(result.message).toMatch(/cancelled/);

    const other = await newRun();
    const asking = call('ask_questions', { runId: other.id, questions: [{ text: 'Go?' }] });
    await pendingRequestOn(cs.admin, other.id);
    await cs.admin.json('POST', `/runs/${other.id}/stop`);
    expect((await asking).json).toMatchObject({ status: 'cancelled' });
  });

  it('applies rules and countersigning like the REST API: a rule answers at once, two approvers are awaited', async () => {
    const rule = await cs.admin.json<{ id: string }>('POST', '/rules', {
      tool: 'lookup_order',
      customer: null,
    });
    const looked = await call('request_approval', {
      title: 'Look up order 7',
      tool: 'lookup_order',
      input: { orderId: 7 },
    });
    expect(looked.json).toMatchObject({
      status: 'answered',
      answeredBy: `rule:${rule.id}`,
      decision: 'approve',
      input: { orderId: 7 },
    });

    await cs.admin.json('POST', '/rules', {
      tool: 'wire_money',
      customer: null,
      effect: 'countersign',
      approvals: 2,
    });
    const run = await newRun('Pay the supplier');
    const wiring = call('request_approval', {
      runId: run.id,
      tool: 'wire_money',
      input: { amount: 9000 },
    });
    let settled = false;
    void wiring.then(() => (settled = true));
    const request = await answerPending(cs.admin, run.id, { decision: 'approve' });
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    const second = await cs.reviewer('mcp-second-approver');
    await second.json('POST', `/requests/${request.id}/response`, { decision: 'approve' });
    const { json } = await wiring;
    expect(json).toMatchObject({
      status: 'answered',
      decision: 'approve',
      input: { amount: 9000 },
    });
    expect((json.approvals as { by: string }[]).map((a) => a.by)).toEqual([
      'admin',
      'mcp-second-approver',
    ]);
  });

  it('ends the server’s wait when the client goes away, instead of holding it to the limit', async () => {
    const waiting = async () => {
      const res = await fetch(`${cs.url}/metrics`, {
        headers: { Authorization: `Bearer ${metricsToken}` },
      });
      return sampleValue(await res.text(), 'countersign_waiting_agents') ?? 0;
    };
    const run = await newRun();
    const client = await connect();
    const calling = client
      .callTool({ name: 'ask_message', arguments: { runId: run.id, message: 'Anyone?' } })
      .catch((error: unknown) => error);
    await pendingRequestOn(cs.admin, run.id);
    expect(await waiting()).toBe(1);
    const closed = Date.now();
    await client.close();
    await calling;
    while ((await waiting()) > 0 && Date.now() - closed < waitMs) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await waiting()).toBe(0);
    expect(Date.now() - closed).toBeLessThan(waitMs / 2);
  });

  it('refuses a wrong or missing token with a 401 in the error shape', async () => {
    await expect(connect('not-a-token')).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('The agent token is not valid'),
    });
    for (const headers of [{ Authorization: 'Bearer wrong' }, {} as Record<string, string>]) {
      const res = await fetch(`${cs.url}/mcp`, {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it('answers hostile input with a tool error or a clear HTTP error, never a 500', async () => {
    const run = await newRun();
    const badArgs = await call('ask_questions', { runId: run.id, questions: 'nope' });
    expect(badArgs.isError).toBe(true);
    const empty = await call('ask_questions', { runId: run.id, questions: [{ text: '  ' }] });
    expect(empty.isError).toBe(true);
    expect(empty.json).toMatchObject({ error: 'Some fields are invalid' });
    const notObject = await call('request_approval', { runId: run.id, tool: 'x', input: [1] });
    expect(notObject.isError).toBe(true);
    const missingRun = await call('request_plan_approval', { runId: 'run_nope', plan: 'x' });
    expect(missingRun).toMatchObject({ isError: true, json: { error: 'Run not found' } });
    const unknownRequest = await call('wait_for_answer', { requestId: 'req_nope' });
    expect(unknownRequest).toMatchObject({ isError: true, json: { error: 'Request not found' } });
    const unknownTool = await call('drop_tables', {});
    expect(unknownTool.isError).toBe(true);
    // Nothing was left on the run by the refused calls.
    expect((await runDetail(run.id)).requests).toEqual([]);

    const finished = await newRun();
    await cs.agent.updateRun(finished.id, { status: 'completed' });
    const late = await call('ask_message', { runId: finished.id, message: 'Still there?' });
    expect(late).toMatchObject({ isError: true });
    expect(String(late.json.error)).toMatch(/completed/);

    const raw = (body: string, method = 'POST') =>
      fetch(`${cs.url}/mcp`, {
        method,
        headers: {
          Authorization: `Bearer ${agentToken}`,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: method === 'POST' ? body : undefined,
      });
    const notJson = await raw('{"jsonrpc":');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'bad_request' } });
    const deep = await raw(`${'['.repeat(100)}${']'.repeat(100)}`);
    expect(deep.status).toBe(422);
    const notRpc = await raw(JSON.stringify({ hello: 'world' }));
    expect(notRpc.status).toBe(400);
    // A JSON-RPC error keeps its envelope (the request id is added inside `error`).
    expect(await notRpc.json()).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, requestId: expect.any(String) },
    });
    // A browser's session cookie is not an agent token: /mcp is for agents only.
    const fromBrowser = await fetch(`${cs.url}/mcp`, {
      method: 'POST',
      headers: {
        Cookie: await sessionCookie(),
        Origin: 'https://evil.example',
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(fromBrowser.status).toBe(403);
    expect(await fromBrowser.json()).toMatchObject({ error: { code: 'forbidden' } });
    const get = await raw('', 'GET');
    expect(get.status).toBe(405);
    expect(get.headers.get('Allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('keeps argument names such as __proto__ and constructor as ordinary keys', async () => {
    const run = await newRun();
    const calling = call('request_approval', {
      runId: run.id,
      tool: 'set_config',
      input: JSON.parse('{"__proto__":{"admin":true},"constructor":"x"}') as object,
    });
    const request = await pendingRequestOn(cs.admin, run.id);
    expect(Object.keys((request as { input: object }).input).sort()).toEqual([
      '__proto__',
      'constructor',
    ]);
    await cs.admin.json('POST', `/requests/${request.id}/response`, { decision: 'approve' });
    const { text } = await calling;
    expect(text).toContain('"__proto__":{"admin":true}');
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });
});
