import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn, type DashboardSession } from '../../../src/server/demo/admin-session';
import { startServer, type StartOptions } from '../../../src/server/start';
import {
  createServerTestDatabase,
  dropServerTestDatabase,
} from '../../../src/server/testing/test-database';
import { createAgentClient, type AgentClient } from '../../../src/shared/agent-client';
import type { Request } from '../../../src/shared/requests';
import type { RunDetail } from '../../../src/shared/runs';

export const agentToken = 'cs_mcp_test_token';
export const metricsToken = 'cs_mcp_metrics_token_0123456789';
export const adminPassword = 'mcp-test-password';

/** A real Countersign server (SQLite, or PostgreSQL under the pg config), its admin, and an agent client. */
export async function startCountersign(mcp: StartOptions['mcp']) {
  const dataDir = await mkdtemp(join(tmpdir(), 'countersign-mcp-'));
  const databaseUrl = await createServerTestDatabase();
  const server = await startServer({
    port: 0,
    dataDir,
    databaseUrl,
    adminPassword,
    agentToken,
    quiet: true,
    metricsToken,
    mcp,
  });
  const admin = await signIn(server.url, 'admin', adminPassword);
  const agent = createAgentClient({ baseUrl: server.url, token: agentToken });
  /** A reviewer besides the admin, for countersigning. */
  async function reviewer(username: string): Promise<DashboardSession> {
    const password = `${username}-password`;
    await admin.json('POST', '/users', { username, password, role: 'reviewer' });
    return signIn(server.url, username, password);
  }
  return {
    url: server.url,
    admin,
    agent,
    reviewer,
    async close() {
      await server.close();
      await dropServerTestDatabase(databaseUrl);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The first pending request on the run, once one is there (a tool call is asking meanwhile). */
export async function pendingRequestOn(
  admin: DashboardSession,
  runId: string,
  timeoutMs = 10_000,
): Promise<Request> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await admin.json<RunDetail>('GET', `/runs/${runId}`);
    const pending = run.requests.find((r) => r.status === 'pending');
    if (pending) return pending;
    if (Date.now() > deadline) throw new Error(`No pending request on ${runId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Answers the run's pending request as a reviewer would, through the API. */
export async function answerPending(
  admin: DashboardSession,
  runId: string,
  response: unknown,
): Promise<Request> {
  const request = await pendingRequestOn(admin, runId);
  await admin.json('POST', `/requests/${request.id}/response`, response);
  return request;
}

export type Countersign = Awaited<ReturnType<typeof startCountersign>>;
export type { AgentClient };
