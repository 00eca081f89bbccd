import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn, type DashboardSession } from '../../src/server/demo/admin-session';
import { startServer, type StartOptions } from '../../src/server/start';
import type { Role } from '../../src/shared/users';

export const agentToken = 'cs_e2e_agent_token';

export const e2eUsers = {
  admin: { username: 'admin', password: 'e2e-admin-password', role: 'admin' },
  reviewer: { username: 'rita', password: 'rita-password', role: 'reviewer' },
  otherReviewer: { username: 'otto', password: 'otto-password', role: 'reviewer' },
  viewer: { username: 'vera', password: 'vera-password', role: 'viewer' },
} as const satisfies Record<string, { username: string; password: string; role: Role }>;

export type E2eUser = keyof typeof e2eUsers;

export type E2eServer = { url: string; admin: DashboardSession; close(): Promise<void> };

/**
 * Platform sources are polled every 300 ms, and a refused delivery is retried within a few seconds, so
 * discovery by polling and the path from pending to failed both fit in a test.
 */
export const e2eConnectors: StartOptions['connectors'] = {
  pollIntervalMs: 300,
  platformTimeoutMs: 2_000,
  delivery: { intervalMs: 50, leaseMs: 10_000, backoff: { baseMs: 300, maxMs: 1_000 } },
};

const webDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The real server on a free port with a fresh database, plus one user per role. */
export async function startE2eServer(
  options: Pick<StartOptions, 'notifications'> = {},
): Promise<E2eServer> {
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(`No built app in ${webDir}: run \`npx vite build\` before the e2e tests.`);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'countersign-e2e-'));
  // A private copy, so a rebuild of dist/web during the run cannot pull pages from under the tests.
  const servedWebDir = join(dataDir, 'web');
  await cp(webDir, servedWebDir, { recursive: true });
  const server = await startServer({
    port: 0,
    dataDir,
    adminPassword: e2eUsers.admin.password,
    agentToken,
    webDir: servedWebDir,
    quiet: true,
    connectors: e2eConnectors,
    ...options,
  });
  const admin = await signIn(server.url, 'admin', e2eUsers.admin.password);
  for (const user of Object.values(e2eUsers)) {
    if (user.role !== 'admin') await admin.json('POST', '/users', user);
  }
  return {
    url: server.url,
    admin,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
