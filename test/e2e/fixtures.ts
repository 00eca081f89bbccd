import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { createAgentClient, type AgentClient } from '../../src/shared/agent-client';
import type { CreateSource, Source } from '../../src/shared/sources';
import { agentToken, e2eUsers, startE2eServer, type E2eServer, type E2eUser } from './e2e-server';

export type ConnectedSource = Source & { hookUrl: string };
/** Connects a platform as the admin does (`POST /sources`); the source is deleted after the test. */
export type Connect = (input: CreateSource) => Promise<ConnectedSource>;

type TestFixtures = { agent: AgentClient; connect: Connect };
type WorkerFixtures = { server: E2eServer };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const server = await startE2eServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  agent: async ({ server }, use) =>
    use(createAgentClient({ baseUrl: server.url, token: agentToken })),
  connect: async ({ server }, use) => {
    const connected: string[] = [];
    await use(async (input) => {
      const source = await server.admin.json<Source>('POST', '/sources', input);
      connected.push(source.id);
      return { ...source, hookUrl: `${server.url}/api/v1/hooks/${source.id}` };
    });
    for (const id of connected) await server.admin.request('DELETE', `/sources/${id}`);
  },
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Signs the page's browser context in through the sign-in form. */
export async function signIn(page: Page, user: E2eUser): Promise<void> {
  const { username, password } = e2eUsers[user];
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

let titles = 0;
/** A title no other test uses, so rows and runs are easy to find. */
export function uniqueTitle(label: string): string {
  return `${label} ${Date.now().toString(36)}-${titles++}`;
}

export const button = (page: Page | Locator, name: string) =>
  page.getByRole('button', { name, exact: true });
