import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clockOffsetOf } from './agent-remote';
import { benchAgentToken, benchMetricsToken, type BenchServer } from './bench-server';
import { bars, type Figure } from './figures';
import type { SeededRun } from './seed';
import { sleep, spread } from './stats';
import { saveSamples } from './table';

export const waitingAgentCount = Number(process.env.BENCH_WAITING_AGENTS ?? 10_000);
const answers = 200;

const waitersMain = fileURLToPath(new URL('./waiters-process.ts', import.meta.url));
const nodeNow = () => performance.timeOrigin + performance.now();

type FromWaiters =
  | { type: 'reply'; id: number; at: number; ms?: number }
  | { type: 'answered'; requestId: string; status: string; at: number }
  | { type: 'failed'; requestId: string; error: string }
  | { type: 'closed'; failures: number };

async function waitingOnServer(server: BenchServer): Promise<number> {
  const res = await fetch(`${server.url}/metrics`, {
    headers: { Authorization: `Bearer ${benchMetricsToken}` },
  });
  const line = (await res.text())
    .split('\n')
    .find((l) => l.startsWith('countersign_waiting_agents '));
  return Number(line?.split(' ')[1] ?? 0);
}

/**
 * 10,000 agents long-polling at once (from a process of their own): the server's memory with all of
 * them waiting, and how long after a reviewer's answer that request's agent has its reply.
 */
export async function waitingAgents(server: BenchServer, runs: SeededRun[]): Promise<Figure[]> {
  const seeded = runs.map((r) => ({ requestId: r.requestId! }));
  const idle = server.memory().rssMb;
  const waiters = fork(waitersMain, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replies = new Map<number, (reply: Extract<FromWaiters, { type: 'reply' }>) => void>();
  const arrivals = new Map<string, (at: number, status: string) => void>();
  const failures: string[] = [];
  let nextId = 1;
  const ready = new Promise<void>((resolve) => replies.set(0, () => resolve()));
  waiters.on('message', (message: FromWaiters) => {
    if (message.type === 'reply') {
      replies.get(message.id)?.(message);
      replies.delete(message.id);
    } else if (message.type === 'answered') {
      arrivals.get(message.requestId)?.(message.at, message.status);
    } else if (message.type === 'failed') {
      failures.push(`${message.requestId}: ${message.error}`);
    }
  });
  const ask = (message: Record<string, unknown>) =>
    new Promise<Extract<FromWaiters, { type: 'reply' }>>((resolve) => {
      const id = nextId++;
      replies.set(id, resolve);
      waiters.send({ ...message, id });
    });

  try {
    await ready;
    const offset = await clockOffsetOf(async () => (await ask({ type: 'now' })).at);
    const cpuBefore = server.cpuMs();
    const openedAt = performance.now();
    await ask({
      type: 'open',
      url: server.url,
      token: benchAgentToken,
      requestIds: seeded.map((r) => r.requestId),
    });
    while ((await waitingOnServer(server)) < seeded.length) {
      if (failures.length) throw new Error(`polls failed: ${failures.slice(0, 3).join('; ')}`);
      if (performance.now() - openedAt > 50_000) {
        throw new Error(`only ${await waitingOnServer(server)} of ${seeded.length} waiting`);
      }
      await sleep(250);
    }
    const openSeconds = (performance.now() - openedAt) / 1000;
    const cpuOpenMs = server.cpuMs() - cpuBefore;
    await sleep(1000);
    const waiting = server.memory().rssMb;

    // Spread over the list, so answers do not all come from one end of it.
    const step = Math.floor(seeded.length / answers);
    const chosen = Array.from({ length: answers }, (_, i) => seeded[i * step]!.requestId);
    const latencies: number[] = [];
    const cpuAnswering = server.cpuMs();
    await server.profiled('waiting-agents-answers', async () => {
      for (const requestId of chosen) {
        const arrived = new Promise<{ at: number; status: string }>((resolve) =>
          arrivals.set(requestId, (at, status) => resolve({ at, status })),
        );
        const sentAt = nodeNow();
        await server.dashboard('POST', `/requests/${requestId}/response`, { decision: 'approve' });
        const { at, status } = await arrived;
        if (status !== 'answered') throw new Error(`${requestId} came back ${status}`);
        latencies.push(at - offset - sentAt);
        await sleep(20);
      }
    });
    const cpuPerAnswer = (server.cpuMs() - cpuAnswering) / answers;
    const { rssMb, peakMb } = server.memory();
    await saveSamples('waiting-agents', { idle, waiting, latencies });
    const latency = spread(latencies);
    const suite = 'waiting';
    const perWaiterKb = ((waiting - idle) * 1000) / seeded.length;
    return [
      {
        suite,
        what: `${seeded.length.toLocaleString('en')} agents waiting: server RSS`,
        value: Math.max(waiting, rssMb),
        unit: 'MB',
        bar: bars.waitingRss,
        detail: `${idle.toFixed(0)} MB before; about ${perWaiterKb.toFixed(1)} kB per waiting agent; peak ${peakMb.toFixed(0)} MB; all waiting after ${openSeconds.toFixed(1)} s, ${((cpuOpenMs * 1000) / seeded.length).toFixed(0)} µs of server CPU each`,
      },
      {
        suite,
        what: `${seeded.length.toLocaleString('en')} agents waiting: answer → its GET, p95`,
        value: latency.p95,
        unit: 'ms',
        bar: bars.waitingAnswerP95,
        detail: `p50 ${latency.p50.toFixed(1)}, max ${latency.max.toFixed(1)} ms; n=${latency.n}; server CPU ${(cpuPerAnswer * 1000).toFixed(0)} µs per answer (its POST and the waiting GET's reply)`,
      },
    ];
  } finally {
    if (waiters.connected) waiters.send({ type: 'close' });
    await new Promise((done) => waiters.once('exit', done));
  }
}
