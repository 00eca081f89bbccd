import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type DashboardSession } from '../../src/server/demo/admin-session';
import { startServer } from '../../src/server/start';
import {
  createServerTestDatabase,
  dropServerTestDatabase,
} from '../../src/server/testing/test-database';
import { AgentApiError, createAgentClient, type AgentClient } from '../../src/shared/agent-client';
import { approvedInput } from '../../src/shared/requests';

const agentToken = 'cs_client_test_token';
const adminPassword = 'client-test-password';

describe('agent client against the real server', () => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: AgentClient;
  let admin: DashboardSession;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-client-'));
    databaseUrl = await createServerTestDatabase();
    server = await startServer({
      port: 0,
      dataDir,
      databaseUrl,
      adminPassword,
      agentToken,
      quiet: true,
    });
    client = createAgentClient({ baseUrl: server.url, token: agentToken });
    admin = await signIn(server.url, 'admin', adminPassword);
  });

  afterAll(async () => {
    await server?.close();
    await dropServerTestDatabase(databaseUrl);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a run, asks, and gets the answer a person gives while it waits', async () => {
    const run = await client.createRun({ title: 'Refund order 4821', customer: 'cust_123' });
    expect(run).toMatchObject({
      title: 'Refund order 4821',
      customer: 'cust_123',
      status: 'running',
    });
    const event = await client.addEvent(run.id, {
      type: 'agent.step',
      message: 'Looked up the order',
    });
    expect(event).toMatchObject({ runId: run.id, actor: 'agent', message: 'Looked up the order' });

    const request = await client.ask(run.id, {
      kind: 'tool',
      tool: 'refund_order',
      input: { amount: 240, customer: 'cust_123' },
      reason: 'Damaged parcel',
    });
    expect(request).toMatchObject({ kind: 'tool', status: 'pending', canRemember: true });

    const waiting = client.waitForAnswer(request, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    await admin.json('POST', `/requests/${request.id}/response`, {
      decision: 'deny',
      note: 'Too much',
    });
    const settled = await waiting;
    expect(settled.status).toBe('answered');
    if (settled.status !== 'answered') return;
    expect(settled.response).toEqual({ decision: 'deny', note: 'Too much' });
    expect(settled.answeredBy).toBe('admin');

    const reread = await client.getRequest(request.id);
    expect(reread.delivery.status).toBe('delivered');
    expect((await client.updateRun(run.id, { status: 'completed' })).status).toBe('completed');
  });

  it('hands back the input the reviewer edited and approved', async () => {
    const run = await client.createRun({ title: 'Refund order 4822' });
    const request = await client.ask(run.id, {
      kind: 'tool',
      tool: 'refund_order',
      input: { amount: 240, currency: 'EUR' },
    });
    expect(request).toMatchObject({ editable: true });
    const waiting = client.waitForAnswer(request, { timeoutMs: 10_000 });
    await admin.json('POST', `/requests/${request.id}/response`, {
      decision: 'approve',
      input: { amount: 120, currency: 'EUR' },
    });
    const settled = await waiting;
    if (settled.status !== 'answered' || settled.kind !== 'tool') throw new Error('not answered');
    expect(approvedInput(settled, settled.response!)).toEqual({ amount: 120, currency: 'EUR' });
  });

  it('holds a waiting GET for the asked seconds while nobody answers', async () => {
    const run = await client.createRun({ title: 'Slow reviewer' });
    const request = await client.ask(run.id, { kind: 'plan', plan: '- step one' });
    const started = Date.now();
    const still = await client.getRequest(request.id, { wait: 1 });
    expect(still.status).toBe('pending');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('surfaces validation errors with their details', async () => {
    const run = await client.createRun({ title: 'Bad request' });
    const error = await client
      .ask(run.id, { kind: 'questions', questions: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentApiError);
    expect(error).toMatchObject({ status: 422, code: 'invalid' });
    expect(Object.keys((error as AgentApiError).details ?? {})).toContain('questions');
  });

  it('reports an unknown token and an unknown request', async () => {
    const stranger = createAgentClient({ baseUrl: server.url, token: 'not-a-token' });
    await expect(stranger.createRun({ title: 'x' })).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    await expect(client.getRequest('req_missing')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
