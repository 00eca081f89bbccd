/**
 * Agent asks → the push for it received by a push service: p95 over 200 requests (bar ≤ 1 s). A real
 * server (startServer: HTTP, SQLite, the notification outbox and worker) pushes to the loopback push
 * service of test/fakes, which records when each encrypted push arrives. Runnable alone:
 *   node --import tsx test/bench/web-push-latency.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../../src/server/start';
import { startPushService } from '../fakes/push-service';
import type { Figure } from './figures';
import { sleep, spread } from './stats';

const warmup = 10;
const samples = 200;
const adminPassword = 'bench-push-admin';
const agentToken = 'cs_bench_push_agent';

export async function webPushLatency(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'countersign-push-bench-'));
  const service = await startPushService();
  const server = await startServer({
    port: 0,
    dataDir,
    adminPassword,
    agentToken,
    quiet: true,
    notifications: { pushAllowLoopback: true },
  });
  try {
    const api = (path: string, init: RequestInit & { cookie?: string; token?: string } = {}) =>
      fetch(`${server.url}/api/v1${path}`, {
        ...init,
        headers: {
          'Content-Type': 'application/json',
          ...(init.cookie ? { Cookie: init.cookie } : {}),
          ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        },
      });
    const session = await api('/session', {
      method: 'POST',
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    await api('/me/notifications', {
      method: 'PUT',
      cookie,
      body: JSON.stringify({
        channels: { browser: true, push: true, email: false, slack: false },
        scope: { mode: 'all', kinds: [], sources: [] },
        quietHours: null,
        emailMode: 'each',
        quickActions: true,
        email: null,
      }),
    });
    const device = service.device('bench');
    const subscribed = await api('/push/subscriptions', {
      method: 'POST',
      cookie,
      body: JSON.stringify({ endpoint: device.endpoint, keys: device.keys }),
    });
    if (subscribed.status !== 201) throw new Error(`subscribe failed: ${subscribed.status}`);
    const run = (await (
      await api('/runs', {
        method: 'POST',
        token: agentToken,
        body: JSON.stringify({ title: 'Push bench' }),
      })
    ).json()) as { id: string };

    const latencies: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const before = service.received.length;
      const sent = Date.now();
      const created = await api(`/runs/${run.id}/requests`, {
        method: 'POST',
        token: agentToken,
        body: JSON.stringify({ kind: 'tool', tool: 'refund_order', input: { amount: i } }),
      });
      if (created.status !== 201) throw new Error(`ask failed: ${created.status}`);
      const push = (await service.waitFor(before + 1, 10_000))[before]!;
      if (i >= warmup) latencies.push(push.at - sent);
      await sleep(20);
    }
    const s = spread(latencies);
    return [
      {
        suite: 'web-push',
        what: 'agent asks → push received by the push service (p95)',
        value: s.p95,
        unit: 'ms',
        bar: { op: '<=', value: 1000, text: 'p95 ≤ 1 s' },
        detail: `n=${s.n} p50=${s.p50.toFixed(0)} p99=${s.p99.toFixed(0)} max=${s.max.toFixed(0)} ms`,
      },
    ];
  } finally {
    await server.close();
    await service.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await webPushLatency();
  for (const f of figures) console.log(`${f.what}: ${f.value.toFixed(0)} ${f.unit} (${f.detail})`);
}
