import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient } from '../../src/shared/agent-client';
import type { List } from '../../src/shared/common';
import { requestKinds, type Request, type RequestKind } from '../../src/shared/requests';
import type { RunDetail, RunSummary } from '../../src/shared/runs';
import { signIn, type DashboardSession } from '../../src/server/demo/admin-session';
import { ensureDemoRules } from '../../src/server/demo/demo-rules';
import type { Rule } from '../../src/shared/rules';
import { startLiveView, type LiveView } from '../../src/server/demo/live-view';
import { startScheduler, type Scheduler } from '../../src/server/demo/scheduler';
import { startServer } from '../../src/server/start';
import { toolAgent } from '../../src/server/demo/agents/tool';

const agentToken = 'cs_demo_test_token';
const adminPassword = 'demo-test-password';

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('demo agents', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let liveView: LiveView;
  let scheduler: Scheduler;
  let admin: DashboardSession;
  const runIds = new Map<RequestKind, string>();

  const detail = (runId: string) => admin.json<RunDetail>('GET', `/runs/${runId}`);
  const pendingOf = (run: RunDetail) => run.requests.find((r) => r.status === 'pending');
  const answer = (request: Request, response: unknown) =>
    admin.json<Request>('POST', `/requests/${request.id}/response`, response);

  async function nextPending(kind: RequestKind, after?: string): Promise<Request> {
    const runId = runIds.get(kind);
    if (!runId) throw new Error(`No ${kind} run`);
    return eventually(async () => {
      const pending = pendingOf(await detail(runId));
      return pending && pending.id !== after ? pending : undefined;
    });
  }

  async function finished(kind: RequestKind): Promise<RunDetail> {
    const runId = runIds.get(kind);
    if (!runId) throw new Error(`No ${kind} run`);
    return eventually(async () => {
      const run = await detail(runId);
      return run.status === 'completed' ? run : undefined;
    });
  }

  const messages = (run: RunDetail) => run.timeline.map((e) => e.message);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-demo-'));
    server = await startServer({ port: 0, dataDir, adminPassword, agentToken, quiet: true });
    liveView = await startLiveView({ port: 0 });
    admin = await signIn(server.url, 'admin', adminPassword);
    await ensureDemoRules(admin);
    await ensureDemoRules(admin);
    scheduler = startScheduler({
      client: createAgentClient({ baseUrl: server.url, token: agentToken }),
      liveView,
      log: () => undefined,
      firstGapMs: 20,
      arrivalMs: [600_000, 600_000],
      pace: 0.02,
    });
  });

  afterAll(async () => {
    await scheduler?.stop();
    await liveView?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('asks one request of each kind within seconds of start', async () => {
    const waiting = await eventually(async () => {
      const list = await admin.json<List<RunSummary>>('GET', '/runs?status=waiting&limit=50');
      return list.items.length >= requestKinds.length ? list.items : undefined;
    });
    for (const run of waiting) {
      const kind = run.pendingKinds[0];
      if (kind) runIds.set(kind, run.id);
    }
    expect([...runIds.keys()].sort()).toEqual([...requestKinds].sort());
    const tool = pendingOf(await detail(runIds.get('tool') ?? ''));
    expect(tool).toMatchObject({
      kind: 'tool',
      tool: 'refund_order',
      input: { amount: 240, customer: 'cust_123' },
      countersign: { required: 2, approvals: [] },
    });
    const rules = await admin.json<List<Rule>>('GET', '/rules');
    expect(rules.items).toEqual([expect.objectContaining({ effect: 'countersign', approvals: 2 })]);
    const takeover = await detail(runIds.get('takeover') ?? '');
    expect(takeover.liveUrl).toMatch(new RegExp(`^${liveView.url}/s/`));
  });

  it('skips a denied tool call', async () => {
    await answer(await nextPending('tool'), { decision: 'deny', note: 'Too much' });
    const run = await finished('tool');
    expect(messages(run)).toContain('Skipped refund_order (note: Too much)');
    expect(messages(run).some((m) => m.startsWith('Executed'))).toBe(false);
  });

  it('comes back with a revised plan, then carries out the approved one', async () => {
    const first = await nextPending('plan');
    await answer(first, { decision: 'revise', feedback: 'Add a rollback step' });
    const revised = await nextPending('plan', first.id);
    expect(revised.kind === 'plan' && revised.plan).toContain('Add a rollback step');
    await answer(revised, { decision: 'approve' });
    const run = await finished('plan');
    expect(messages(run)).toContain('Done: Add a rollback step');
  });

  it('redoes a rejected review', async () => {
    const first = await nextPending('review');
    await answer(first, { decision: 'reject', feedback: 'Mention the VAT fix first' });
    const redo = await nextPending('review', first.id);
    expect(redo.kind === 'review' && redo.output).toContain('Mention the VAT fix first');
    await answer(redo, { decision: 'approve' });
    await finished('review');
  });

  it('echoes question and message answers in the timeline', async () => {
    await answer(await nextPending('questions'), {
      answers: [
        { questionId: 'timezone', value: 'Central European' },
        { questionId: 'length', value: '30 minutes' },
        { questionId: 'topics', value: 'Pricing' },
      ],
    });
    const message = await nextPending('message');
    await answer(message, { fields: { name: 'Ada Lovelace', street: '1 Main St', city: 'Leeds' } });
    expect(messages(await finished('questions'))).toContain(
      'Which time zone should the call be in? → Central European',
    );
    expect(messages(await finished('message'))).toContain('City: Leeds');
  });

  it('asks a release as one group of three tool calls and carries out the approved ones', async () => {
    const agentRun = toolAgent({
      client: createAgentClient({ baseUrl: server.url, token: agentToken }),
      signal: new AbortController().signal,
      liveView,
      sequence: 3,
      random: () => 0,
      pace: 0.02,
      log: () => undefined,
    });
    const release = await eventually(async () => {
      const list = await admin.json<List<RunSummary>>('GET', '/runs?status=waiting&limit=50');
      const found = list.items.find((r) => r.title.startsWith('Release') && r.pendingCount === 3);
      return found ? detail(found.id) : undefined;
    });
    const [migrations, deploy, post] = release.requests;
    expect(release.requests.map((r) => r.group)).toEqual(['release', 'release', 'release']);
    await answer(post!, { decision: 'deny' });
    await admin.json('POST', '/requests/bulk-response', {
      decision: 'approve',
      requestIds: [migrations!.id, deploy!.id],
    });
    await agentRun;
    const done = await detail(release.id);
    expect(done.status).toBe('completed');
    expect(messages(done)).toEqual(
      expect.arrayContaining([
        'Executed run_migrations',
        'Executed deploy_service',
        'Skipped post_message',
      ]),
    );
  });

  it('continues after a takeover is handed back', async () => {
    const request = await nextPending('takeover');
    const liveUrl = (await detail(request.runId)).liveUrl ?? '';
    const before = (await (await fetch(`${liveUrl}/state`)).json()) as { controller: string };
    expect(before.controller).toBe('human');
    await answer(request, { decision: 'handback', followUp: 'Download the invoice too' });
    const run = await finished('takeover');
    expect(messages(run)).toContain('Back in control; follow-up: Download the invoice too');
    const after = (await (await fetch(`${liveUrl}/state`)).json()) as {
      controller: string;
      ended: boolean;
    };
    expect(after).toMatchObject({ controller: 'agent', ended: true });
  });
});

describe('demo arrivals', () => {
  it('keeps runs arriving but never more agents than the cap', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'countersign-demo-'));
    const server = await startServer({ port: 0, dataDir, adminPassword, agentToken, quiet: true });
    const liveView = await startLiveView({ port: 0 });
    const scheduler = startScheduler({
      client: createAgentClient({ baseUrl: server.url, token: agentToken }),
      liveView,
      log: () => undefined,
      firstGapMs: 5,
      arrivalMs: [20, 40],
      maxActive: 8,
      pace: 0.01,
    });
    try {
      const admin = await signIn(server.url, 'admin', adminPassword);
      await new Promise((r) => setTimeout(r, 1500));
      const all = await admin.json<List<RunSummary>>('GET', '/runs?limit=500');
      expect(all.items.length).toBe(8);
      expect(all.items.filter((r) => r.status === 'waiting').length).toBeLessThanOrEqual(8);
    } finally {
      await scheduler.stop();
      await liveView.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
