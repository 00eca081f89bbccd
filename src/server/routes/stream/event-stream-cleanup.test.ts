import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../start';
import { createTestApp } from '../../testing/test-app';
import { createServerTestDatabase, dropServerTestDatabase } from '../../testing/test-database';

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stream cleanup', () => {
  it('unsubscribes from the bus when the client goes away', async () => {
    const t = await createTestApp();
    const cookie = await t.asAdmin();
    const res = await t.app.request('/api/v1/stream', { headers: { Cookie: cookie } });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(': connected');
    expect(t.bus.listenerCount).toBe(1);
    await reader.cancel();
    await tick();
    expect(t.bus.listenerCount).toBe(0);
    await t.close();
  });

  it('closes the server promptly while a stream and a waiting GET are open', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'countersign-close-'));
    const databaseUrl = await createServerTestDatabase();
    const server = await startServer({
      port: 0,
      dataDir,
      databaseUrl,
      adminPassword: 'close-admin-password',
      agentToken: 'close-token',
      quiet: true,
    });
    const session = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'close-admin-password' }),
    });
    const cookie = session.headers.get('Set-Cookie')!.split(';')[0]!;
    const stream = await fetch(`${server.url}/api/v1/stream`, { headers: { Cookie: cookie } });
    const agent = { Authorization: 'Bearer close-token', 'Content-Type': 'application/json' };
    const run = await (
      await fetch(`${server.url}/api/v1/runs`, {
        method: 'POST',
        headers: agent,
        body: '{"title":"t"}',
      })
    ).json();
    const request = await (
      await fetch(`${server.url}/api/v1/runs/${run.id}/requests`, {
        method: 'POST',
        headers: agent,
        body: '{"kind":"plan","plan":"p"}',
      })
    ).json();
    const waiting = fetch(`${server.url}/api/v1/requests/${request.id}?wait=60`, {
      headers: agent,
    });
    await tick(100);

    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(500);
    const waited = await waiting.then((r) => r.json()).catch(() => null);
    if (waited) expect(waited.status).toBe('pending');
    await stream.body?.cancel().catch(() => undefined);
    await dropServerTestDatabase(databaseUrl);
    await rm(dataDir, { recursive: true, force: true });
  });
});
