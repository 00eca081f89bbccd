import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/server/db/database';
import type { Db } from '../../src/server/db/schema';
import { startServer, type RunningServer } from '../../src/server/start';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';
import { sseFrameReader } from '../../src/server/testing/sse-frames';
import { streamEventSchema, type StreamEvent } from '../../src/shared/stream';

const adminPassword = 'two-process-admin-password';
const agentToken = 'two-process-agent-token';

let url: string;
let db: Db;
let dataDir: string;
let a: RunningServer;
let b: RunningServer;
let cookie: string;

/** Stream events from an SSE body, in the order they arrive. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const frames = sseFrameReader(body);
  return {
    async next(timeoutMs = 5000): Promise<StreamEvent> {
      const frame = await frames.next(timeoutMs);
      const event = streamEventSchema.parse(JSON.parse(frame.data!));
      expect(frame.id).toBe(event.id);
      return event;
    },
    cancel: frames.cancel,
  };
}

/** Whether an SSE body ends within `ms`; it is cancelled either way. */
async function endsWithin(body: ReadableStream<Uint8Array>, ms: number): Promise<boolean> {
  const reader = body.getReader();
  const timeout = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'open') return false;
      if (next.done) return true;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function openStream(server: RunningServer, lastEventId?: string) {
  const res = await fetch(`${server.url}/api/v1/stream`, {
    headers: { Cookie: cookie, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
  });
  expect(res.status).toBe(200);
  return eventReader(res.body!);
}

async function call(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(path.endsWith('/response')
        ? { Cookie: cookie }
        : { Authorization: `Bearer ${agentToken}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { id: string; status: string } };
}

beforeAll(async () => {
  url = await createPostgresTestDatabase();
  db = openPostgres(url, { maxConnections: 2 });
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-two-processes-'));
  // Processes sharing a database share its secrets key, or the second refuses to start.
  const secretsKey = randomBytes(32).toString('base64');
  const options = { port: 0, databaseUrl: url, adminPassword, agentToken, secretsKey, quiet: true };
  a = await startServer({ ...options, dataDir: join(dataDir, 'a') });
  b = await startServer({ ...options, dataDir: join(dataDir, 'b') });
  const res = await fetch(`${a.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.destroy();
  if (url) await dropPostgresTestDatabase(url);
  await rm(dataDir, { recursive: true, force: true });
});

describe('two server processes on one PostgreSQL database', () => {
  it('wakes a waiting GET and a stream on one process when a request is answered through the other', async () => {
    const stream = await openStream(b);
    const run = await call(a, 'POST', '/runs', { title: 'Across processes' });
    const request = await call(a, 'POST', `/runs/${run.body.id}/requests`, {
      kind: 'plan',
      plan: 'Ship it',
    });
    expect(request.status).toBe(201);
    const created = await stream.next();
    expect(created).toMatchObject({ type: 'run.created', runId: run.body.id });

    const waiting = call(b, 'GET', `/requests/${request.body.id}?wait=20`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answeredAt = Date.now();
    const answer = await call(a, 'POST', `/requests/${request.body.id}/response`, {
      decision: 'approve',
    });
    expect(answer.status).toBe(200);

    const waited = await waiting;
    expect(waited.status).toBe(200);
    expect(waited.body.status).toBe('answered');
    expect(Date.now() - answeredAt).toBeLessThan(2000);

    let event = await stream.next();
    while (event.type !== 'request.answered') event = await stream.next();
    expect(event.requestId).toBe(request.body.id);
    await stream.cancel();
  });

  it('ends the streams a session holds on another process when it signs out', async () => {
    const session = await fetch(`${b.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    const second = session.headers.get('Set-Cookie')!.split(';')[0]!;
    const theirs = await fetch(`${b.url}/api/v1/stream`, { headers: { Cookie: second } });
    const mine = await fetch(`${b.url}/api/v1/stream`, { headers: { Cookie: cookie } });
    const out = await fetch(`${a.url}/api/v1/session`, {
      method: 'DELETE',
      headers: { Cookie: second },
    });
    expect(out.status).toBe(204);
    expect(await endsWithin(theirs.body!, 2000)).toBe(true);
    expect(await endsWithin(mine.body!, 500)).toBe(false);
  });

  it('gives both processes the same events in strictly increasing ids while both write at once', async () => {
    const onA = await openStream(a);
    const onB = await openStream(b);
    const writes = Array.from({ length: 40 }, (_, i) =>
      call(i % 2 ? a : b, 'POST', '/runs', { title: `Concurrent ${i}` }),
    );
    const created = await Promise.all(writes);
    expect(created.every((res) => res.status === 201)).toBe(true);

    const seenOnA: StreamEvent[] = [];
    const seenOnB: StreamEvent[] = [];
    while (seenOnA.length < 40) seenOnA.push(await onA.next());
    while (seenOnB.length < 40) seenOnB.push(await onB.next());
    const ids = seenOnA.map((event) => Number(event.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    expect(seenOnB.map((event) => event.id)).toEqual(seenOnA.map((event) => event.id));
    expect(new Set(seenOnA.map((event) => event.runId))).toEqual(
      new Set(created.map((res) => res.body.id)),
    );

    const stored = await db
      .selectFrom('stream_events')
      .select('id')
      .where('id', '>=', ids[0]!)
      .orderBy('id')
      .execute();
    expect(stored.map((row) => row.id)).toEqual(ids);

    const resumed = await openStream(b, String(ids[19]));
    const replayed: string[] = [];
    while (replayed.length < 20) replayed.push((await resumed.next()).id);
    expect(replayed).toEqual(ids.slice(20).map(String));
    await Promise.all([onA.cancel(), onB.cancel(), resumed.cancel()]);
  });
});
