import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn } from '../../src/server/demo/admin-session';
import { startServer } from '../../src/server/start';
import type { Role } from '../../src/shared/users';

export const agentToken = 'cs_e2e_agent_token';

export const e2eUsers = {
  admin: { username: 'admin', password: 'e2e-admin-password', role: 'admin' },
  reviewer: { username: 'rita', password: 'rita-password', role: 'reviewer' },
  otherReviewer: { username: 'otto', password: 'otto-password', role: 'reviewer' },
  viewer: { username: 'vera', password: 'vera-password', role: 'viewer' },
} as const satisfies Record<string, { username: string; password: string; role: Role }>;

export type E2eUser = keyof typeof e2eUsers;

export type E2eServer = { url: string; close(): Promise<void> };

const webDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** The real server on a free port with a fresh database, plus one user per role. */
export async function startE2eServer(): Promise<E2eServer> {
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
  });
  const admin = await signIn(server.url, 'admin', e2eUsers.admin.password);
  for (const user of Object.values(e2eUsers)) {
    if (user.role !== 'admin') await admin.json('POST', '/users', user);
  }
  return {
    url: server.url,
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
