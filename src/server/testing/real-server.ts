import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentClient, type AgentClient } from '../../shared/agent-client';
import { signIn, type DashboardSession } from '../demo/admin-session';
import { startServer, type StartOptions } from '../start';
import { createServerTestDatabase, dropServerTestDatabase } from './test-database';

export type RealServer = {
  url: string;
  /** The admin, signed in over HTTP as the app would be. */
  admin: DashboardSession;
  /** An agent client with the server's agent token. */
  agent: AgentClient;
  close(): Promise<void>;
};

/**
 * A real server on a free port, in its own data directory, on SQLite (or on a fresh PostgreSQL database
 * under the pg config), with an admin and an agent token, for tests that drive it as clients would.
 */
export async function startRealServer(
  options: Partial<StartOptions> & { agentToken: string; adminPassword: string },
): Promise<RealServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'countersign-real-'));
  const databaseUrl = await createServerTestDatabase();
  const server = await startServer({ port: 0, dataDir, databaseUrl, quiet: true, ...options });
  return {
    url: server.url,
    admin: await signIn(server.url, 'admin', options.adminPassword),
    agent: createAgentClient({ baseUrl: server.url, token: options.agentToken }),
    async close() {
      await server.close();
      await dropServerTestDatabase(databaseUrl);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
