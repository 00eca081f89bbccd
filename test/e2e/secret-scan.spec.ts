import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { expect, test, type Response } from '@playwright/test';
import { startFakePlatform } from './secrets/fake-platform';
import { recordedApi, type Recorded } from './secrets/recorded-api';
import { spawnServer } from './secrets/spawned-server';
import { runTeamSession, secretValue, type KnownSecret } from './secrets/team-session';

/** What the server keeps at rest: password hashes, token hashes, sealed source secrets, the sealing key. */
function storedSecrets(dataDir: string): KnownSecret[] {
  const db = new SqliteDatabase(join(dataDir, 'countersign.db'), { readonly: true });
  const found: KnownSecret[] = [];
  try {
    for (const user of db.prepare('SELECT username, password_hash FROM users').all() as {
      username: string;
      password_hash: string;
    }[]) {
      const [, , , , salt, hash] = user.password_hash.split('$');
      found.push(
        { label: `password hash of ${user.username}`, value: user.password_hash },
        { label: `password hash bytes of ${user.username}`, value: hash ?? '' },
        { label: `password salt of ${user.username}`, value: salt ?? '' },
      );
    }
    for (const { token_hash } of db.prepare('SELECT token_hash FROM sessions').all() as {
      token_hash: string;
    }[]) {
      found.push({ label: 'stored session token hash', value: token_hash });
    }
    for (const { token_hash, name } of db
      .prepare('SELECT token_hash, name FROM agent_tokens')
      .all() as {
      token_hash: string;
      name: string;
    }[]) {
      found.push({ label: `stored hash of agent token ${name}`, value: token_hash });
    }
    for (const { secrets, name } of db
      .prepare('SELECT secrets, name FROM sources WHERE secrets IS NOT NULL')
      .all() as {
      secrets: string;
      name: string;
    }[]) {
      found.push(
        { label: `sealed secrets of ${name}`, value: secrets },
        ...secrets
          .split(':')
          .slice(1)
          .map((part, i) => ({ label: `sealed secrets of ${name}, part ${i + 1}`, value: part })),
      );
    }
  } finally {
    db.close();
  }
  found.push({
    label: 'secrets key file',
    value: readFileSync(join(dataDir, 'secrets.key'), 'utf8').trim(),
  });
  // Short fragments would match by chance; every real secret here is far longer.
  return found.filter((secret) => secret.value.length >= 16);
}

test('no response, log line or page shows a password, a password hash, a token or a source secret', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'countersign-secrets-'));
  const adminPassword = secretValue('admin');
  const agentToken = secretValue('agent');
  const platform = await startFakePlatform();
  const server = await spawnServer({
    COUNTERSIGN_DATA_DIR: dataDir,
    COUNTERSIGN_ADMIN_PASSWORD: adminPassword,
    COUNTERSIGN_AGENT_TOKEN: agentToken,
    COUNTERSIGN_POLL_INTERVAL_MS: '250',
    LOG_LEVEL: 'debug',
  });
  try {
    const api = recordedApi(server.url);
    const session = await runTeamSession(api, {
      adminPassword,
      agentToken,
      platformOrigin: platform.origin,
    });

    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const browserResponses: Promise<Recorded | null>[] = [];
    page.on('response', (response: Response) => {
      browserResponses.push(
        (async () => {
          const type = response.headers()['content-type'] ?? '';
          const body =
            type.startsWith('text/event-stream') || response.status() === 204
              ? ''
              : await response.text().catch(() => '');
          return {
            label: `browser ${response.request().method()} ${response.url()} → ${response.status()}`,
            status: response.status(),
            headers: Object.entries(await response.allHeaders()),
            body,
          };
        })(),
      );
    });
    const pages: { label: string; html: string }[] = [];
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).not.toHaveURL(/\/sign-in/);
    for (const path of [
      '/',
      '/history',
      `/runs/${session.runId}`,
      ...session.platformRunIds.map((id: string) => `/runs/${id}`),
      '/rules',
      '/settings',
      '/audit',
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForLoadState('networkidle');
      pages.push({ label: `page ${path}`, html: await page.content() });
    }
    expect(pageErrors).toEqual([]);
    const signInByBrowser = (await Promise.all(browserResponses)).filter(
      (r): r is Recorded => r !== null,
    );
    const browserSession = (await page.context().cookies()).find((c) => c.name === 'cs_session');
    expect(browserSession).toBeDefined();
    session.secrets.push({ label: 'session token of the browser', value: browserSession!.value });
    for (const response of signInByBrowser.filter((r) =>
      /POST \S+\/api\/v1\/session /.test(r.label),
    )) {
      session.issuedIn.push({ label: response.label, value: browserSession!.value });
    }

    await server.stop();
    const secrets = [...session.secrets, ...storedSecrets(dataDir)];
    // The one place each may appear: the sign-in that set the cookie, the response that issued the token.
    const allowed = (where: string, value: string) =>
      session.issuedIn.some((issued) => issued.value === value && issued.label === where);
    const texts = [
      ...[...api.responses, ...signInByBrowser].flatMap((r) => [
        {
          where: r.label,
          part: 'headers' as const,
          text: r.headers.map(([k, v]) => `${k}: ${v}`).join('\n'),
        },
        { where: r.label, part: 'body' as const, text: r.body },
      ]),
      ...server.output.map((line, i) => ({
        where: `log line ${i + 1}`,
        part: 'body' as const,
        text: line,
      })),
      ...pages.map((p) => ({ where: p.label, part: 'body' as const, text: p.html })),
    ];
    const leaks = texts.flatMap(({ where, part, text }) =>
      secrets
        .filter((secret) => text.includes(secret.value) && !allowed(where, secret.value))
        .map((secret) => `${secret.label} in ${where} (${part})`),
    );

    const sentToPlatforms = platform.received.map((r) => JSON.stringify(r.headers)).join('\n');
    console.log(
      `secret scan: ${secrets.length} secrets × ${api.responses.length + signInByBrowser.length} responses, ${server.output.length} log lines, ${pages.length} pages; ${platform.received.length} platform calls`,
    );
    expect(leaks).toEqual([]);
    for (const issued of session.issuedIn) {
      expect(
        texts.some((t) => t.where === issued.label && t.text.includes(issued.value)),
        `the scan sees the secret ${issued.label} issued`,
      ).toBe(true);
    }
    expect(server.output.some((line) => line.includes('GET /api/v1/me'))).toBe(true);
    expect(sentToPlatforms, 'the platforms got their keys, so the secrets were in use').toContain(
      session.secrets.find((s) => s.label === 'dari API key')!.value,
    );
  } finally {
    await server.stop().catch(() => {});
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
