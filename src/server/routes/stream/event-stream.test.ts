import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { streamEventSchema, type StreamEvent } from '../../../shared/stream';
import { startServer, type RunningServer } from '../../start';
import { createServerTestDatabase, dropServerTestDatabase } from '../../testing/test-database';
import { sseFrameReader } from '../../testing/sse-frames';
import { pingIntervalMs } from './event-stream';

const adminPassword = 'stream-admin-password';
const agentToken = 'stream-agent-token';
let server: RunningServer;
let dataDir: string;
let databaseUrl: string | undefined;
let cookie: string;

async function openStream(headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1/stream`, {
    headers: { Cookie: cookie, ...headers },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
  return sseFrameReader(res.body!);
}

async function agent(path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { id: string };
}

async function nextOfType(
  stream: ReturnType<typeof sseFrameReader>,
  type: string,
): Promise<StreamEvent> {
  for (;;) {
    const frame = await stream.next();
    const event = streamEventSchema.parse(JSON.parse(frame.data!));
    expect(frame.id).toBe(event.id);
    expect(frame.event).toBe(event.type);
    if (event.type === type) return event;
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-stream-'));
  databaseUrl = await createServerTestDatabase();
  server = await startServer({
    port: 0,
    dataDir,
    databaseUrl,
    adminPassword,
    agentToken,
    quiet: true,
  });
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  cookie = res.headers.get('Set-Cookie')!.split(';')[0]!;
});

afterAll(async () => {
  await server.close();
  await dropServerTestDatabase(databaseUrl);
  await rm(dataDir, { recursive: true, force: true });
});

describe('GET /stream', () => {
  it('sends a named heartbeat event every 10 s, which a browser sees (a comment it would not)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const res = await fetch(`${server.url}/api/v1/stream`, { headers: { Cookie: cookie } });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value);
      vi.advanceTimersByTime(pingIntervalMs);
      expect(pingIntervalMs).toBeLessThanOrEqual(10_000);
      while (!text.includes('event: heartbeat')) {
        text += decoder.decode((await reader.read()).value, { stream: true });
      }
      expect(text).toContain('event: heartbeat\ndata: {}\n\n');
      await reader.cancel();
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses anonymous callers', async () => {
    const res = await fetch(`${server.url}/api/v1/stream`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('delivers run.created and request.created with increasing ids', async () => {
    const stream = await openStream();
    const run = await agent('/runs', { title: 'Streamed' });
    const created = await nextOfType(stream, 'run.created');
    expect(created.runId).toBe(run.id);
    const started = Date.now();
    const request = await agent(`/runs/${run.id}/requests`, { kind: 'plan', plan: 'p' });
    const event = await nextOfType(stream, 'request.created');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(event).toMatchObject({ runId: run.id, requestId: request.id });
    expect(Number(event.id)).toBeGreaterThan(Number(created.id));
    await stream.cancel();
  });

  it('replays events after Last-Event-ID, and after ?lastEventId=', async () => {
    const first = await openStream();
    const run = await agent('/runs', { title: 'Replay' });
    const seen = await nextOfType(first, 'run.created');
    await first.cancel();

    const request = await agent(`/runs/${run.id}/requests`, { kind: 'plan', plan: 'p' });
    const resumed = await openStream({ 'Last-Event-ID': seen.id });
    const replayed = await nextOfType(resumed, 'request.created');
    expect(replayed.requestId).toBe(request.id);
    expect(Number(replayed.id)).toBeGreaterThan(Number(seen.id));
    await resumed.cancel();

    const res = await fetch(`${server.url}/api/v1/stream?lastEventId=${seen.id}`, {
      headers: { Cookie: cookie },
    });
    const byQuery = sseFrameReader(res.body!);
    expect((await nextOfType(byQuery, 'request.created')).requestId).toBe(request.id);
    await byQuery.cancel();
  });

  it('rejects a Last-Event-ID that is not an id', async () => {
    const res = await fetch(`${server.url}/api/v1/stream`, {
      headers: { Cookie: cookie, 'Last-Event-ID': 'abc' },
    });
    expect(res.status).toBe(400);
  });
});
