import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm, cp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signIn, type DashboardSession } from '../../src/server/demo/admin-session';
import { startServer, type RunningServer } from '../../src/server/start';
import { startFakeOidcProvider, type FakeOidcProvider } from '../fakes/oidc-provider';

const adminPassword = 'e2e-sso-admin-password';
const people = [
  { sub: 'sam', name: 'sam', email: 'sam@example.com', groups: ['staff', 'cs-reviewers'] },
  { sub: 'cora', name: 'cora', email: 'cora@example.com', groups: ['contractors'] },
];

/** A port nobody listens on now: the provider must know the app's callback URL before the app starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

type SsoWorld = { app: RunningServer; provider: FakeOidcProvider; admin: DashboardSession };

const test = base.extend<{ page: Page }, { world: SsoWorld }>({
  world: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const provider = await startFakeOidcProvider({
        redirectUris: [`${url}/api/v1/auth/oidc/callback`],
        users: people,
      });
      const dataDir = await mkdtemp(join(tmpdir(), 'countersign-e2e-sso-'));
      const webDir = join(dataDir, 'web');
      await cp(fileURLToPath(new URL('../../dist/web', import.meta.url)), webDir, {
        recursive: true,
      });
      const app = await startServer({
        port,
        host: '127.0.0.1',
        dataDir,
        adminPassword,
        agentToken: 'cs_e2e_sso_agent_token',
        webDir,
        quiet: true,
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          groupsClaim: 'groups',
        },
      });
      const admin = await signIn(app.url, 'admin', adminPassword);
      await admin.json('PUT', '/auth/oidc/role-mapping', {
        mapping: [{ group: 'cs-reviewers', role: 'reviewer' }],
      });
      await use({ app, provider, admin });
      await app.close();
      await provider.close();
      await rm(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ world }, use) => use(world.app.url),
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

/** Clicks the sign-in page's SSO link and signs in at the provider's own login page. */
async function signInThroughProvider(page: Page, provider: FakeOidcProvider, login: string) {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
  await expect(page).toHaveURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('a person signs in through the provider and lands in the inbox with the mapped role', async ({
  page,
  world,
}) => {
  await signInThroughProvider(page, world.provider, 'sam');
  await expect(page).toHaveURL(`${world.app.url}/`);
  await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await expect(page.getByText('sam', { exact: true })).toBeVisible();
  await expect(page.getByText('· Reviewer')).toBeVisible();
  const me = await page.request.get('/api/v1/me');
  expect(await me.json()).toMatchObject({ username: 'sam', role: 'reviewer' });
});

test('a person in no mapped group is refused with a page that says why', async ({
  page,
  world,
}) => {
  await signInThroughProvider(page, world.provider, 'cora');
  await expect(page).toHaveURL(`${world.app.url}/sign-in?sso=unmapped`);
  await expect(page.getByRole('alert')).toHaveText(
    'Your account at the sign-on provider is in no group that has access here. Ask an admin to map one of your groups to a role.',
  );
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
});
