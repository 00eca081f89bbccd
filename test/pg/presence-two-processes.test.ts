import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';
import { sseFrameReader } from '../../src/server/testing/sse-frames';

const adminPassword = 'presence-admin-password';
const agentToken = 'presence-agent-token';

let url: string;
let dataDir: string;
let a: RunningServer;
let b: RunningServer;

async function signIn(server: RunningServer, username: string, password: string) {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('Set-Cookie')!.split(';')[0]!;
}

async function call(
  server: RunningServer,
  method: string,
  path: string,
  auth: string,
  body?: unknown,
) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(auth.startsWith('Bearer ') ? { Authorization: auth } : { Cookie: auth }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read loosely after the status is checked
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

beforeAll(async () => {
  url = await createPostgresTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-presence-'));
  const secretsKey = randomBytes(32).toString('base64');
  const options = { port: 0, databaseUrl: url, adminPassword, agentToken, secretsKey, quiet: true };
  a = await startServer({ ...options, dataDir: join(dataDir, 'a') });
  b = await startServer({ ...options, dataDir: join(dataDir, 'b') });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  if (url) await dropPostgresTestDatabase(url);
  await rm(dataDir, { recursive: true, force: true });
});

describe('presence across two server processes on one PostgreSQL database', () => {
  it('shows a viewer on one process to a viewer on the other, and announces their leaving there', async () => {
    const admin = await signIn(a, 'admin', adminPassword);
    const created = await call(a, 'POST', '/users', admin, {
      username: 'rita',
      password: 'rita-password',
      role: 'reviewer',
    });
    expect(created.status).toBe(201);
    const rita = await signIn(b, 'rita', 'rita-password');
    const run = await call(a, 'POST', '/runs', `Bearer ${agentToken}`, { title: 'Watched' });

    expect((await call(a, 'PUT', `/runs/${run.body.id}/presence`, admin)).body).toEqual({
      viewers: [],
    });
    const res = await fetch(`${a.url}/api/v1/stream`, { headers: { Cookie: admin } });
    const stream = sseFrameReader(res.body!);
    const nextPresence = async () => {
      for (;;) {
        const frame = await stream.next(5000);
        if (frame.event === 'presence.changed') return JSON.parse(frame.data!) as { runId: string };
      }
    };

    const ritaSees = await call(b, 'PUT', `/runs/${run.body.id}/presence`, rita);
    expect(ritaSees.body.viewers.map((v: { username: string }) => v.username)).toEqual(['admin']);
    expect((await nextPresence()).runId).toBe(run.body.id);
    const adminSees = await call(a, 'PUT', `/runs/${run.body.id}/presence`, admin);
    expect(adminSees.body.viewers.map((v: { username: string }) => v.username)).toEqual(['rita']);

    expect((await call(b, 'DELETE', `/runs/${run.body.id}/presence`, rita)).status).toBe(204);
    expect((await nextPresence()).runId).toBe(run.body.id);
    expect((await call(a, 'PUT', `/runs/${run.body.id}/presence`, admin)).body).toEqual({
      viewers: [],
    });
    await stream.cancel();
  });
});
