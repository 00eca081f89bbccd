import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, type DashboardSession } from '../../src/server/demo/admin-session';
import { startServer, type RunningServer } from '../../src/server/start';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';
import type { RunDetail } from '../../src/shared/runs';

const adminPassword = 'mcp-two-servers-password';
const agentToken = 'mcp-two-servers-token';
const secretsKey = randomBytes(32).toString('base64');

let databaseUrl: string;
let dataDir: string;
let one: RunningServer;
let two: RunningServer;
let admin: DashboardSession;
const clients: Client[] = [];

beforeAll(async () => {
  databaseUrl = await createPostgresTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-mcp-two-'));
  // Two servers with their own pools and buses: only PostgreSQL carries a change from one to the other.
  const start = (name: string) =>
    startServer({
      port: 0,
      dataDir: join(dataDir, name),
      databaseUrl,
      adminPassword,
      agentToken,
      secretsKey,
      quiet: true,
      mcp: { waitMs: 4000, progressEveryMs: 500 },
    });
  one = await start('one');
  two = await start('two');
  admin = await signIn(two.url, 'admin', adminPassword);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await one?.close();
  await two?.close();
  if (databaseUrl) await dropPostgresTestDatabase(databaseUrl);
  await rm(dataDir, { recursive: true, force: true });
});

async function call(server: RunningServer, name: string, args: Record<string, unknown>) {
  const client = new Client({ name: 'two-servers', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${agentToken}` } },
    }),
  );
  clients.push(client);
  const result = await client.callTool({ name, arguments: args });
  return JSON.parse((result.content as { text: string }[])[0]!.text) as Record<string, unknown>;
}

async function pendingOn(runId: string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const run = await admin.json<RunDetail>('GET', `/runs/${runId}`);
    const pending = run.requests.find((r) => r.status === 'pending');
    if (pending) return pending.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no pending request');
}

describe('the MCP server on two servers sharing one PostgreSQL database', () => {
  it('a call waiting on one server gets the answer given through the other', async () => {
    const created = await fetch(`${one.url}/api/v1/runs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Two servers' }),
    });
    const run = (await created.json()) as { id: string };
    const calling = call(one, 'request_approval', {
      runId: run.id,
      tool: 'refund_order',
      input: { amount: 5 },
    });
    const requestId = await pendingOn(run.id);
    await admin.json('POST', `/requests/${requestId}/response`, { decision: 'approve' });
    expect(await calling).toMatchObject({ status: 'answered', requestId, decision: 'approve' });
  });

  it('a call pending on one server is awaited with wait_for_answer on the other', async () => {
    const pending = await call(one, 'ask_questions', {
      title: 'Across servers',
      questions: [{ text: 'Which region?' }],
    });
    expect(pending).toMatchObject({ status: 'pending' });
    const waiting = call(two, 'wait_for_answer', { requestId: pending.requestId });
    await new Promise((r) => setTimeout(r, 200));
    const answerer = await signIn(one.url, 'admin', adminPassword);
    await answerer.json('POST', `/requests/${String(pending.requestId)}/response`, {
      answers: [{ questionId: 'q1', value: 'eu-west' }],
    });
    expect(await waiting).toMatchObject({
      status: 'answered',
      answers: [{ questionId: 'q1', answer: 'eu-west' }],
    });
  });
});
