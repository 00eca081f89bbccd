import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchAgentToken } from './bench-server';

const agentMain = fileURLToPath(new URL('./agent-process.ts', import.meta.url));
const nodeNow = () => performance.timeOrigin + performance.now();

type Reply = { id: number; at: number; status?: string };

export type RemoteAgent = {
  /** The agent process's clock minus this one's, from the IPC round trip with the smallest delay. */
  clockOffset(): Promise<number>;
  /** Starts a long poll; resolves when its answer has arrived, with that moment on the agent's clock. */
  waitFor(requestId: string): Promise<{ at: number; status: string }>;
  stop(): void;
};

/**
 * Another process's clock minus this one's: of 25 IPC round trips asking it the time, the one with the
 * smallest delay says it best (the reply was read about half-way through it).
 */
export async function clockOffsetOf(askNow: () => Promise<number>): Promise<number> {
  let best = { offset: 0, halfTrip: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 25; i++) {
    const before = nodeNow();
    const at = await askNow();
    const after = nodeNow();
    if ((after - before) / 2 < best.halfTrip) {
      best = { offset: at - (before + after) / 2, halfTrip: (after - before) / 2 };
    }
  }
  return best.offset;
}

export async function startRemoteAgent(url: string): Promise<RemoteAgent> {
  const child = fork(agentMain, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  await new Promise<void>((ready) => child.once('message', () => ready()));
  child.on('message', (reply: Reply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const ask = (message: Record<string, unknown>) =>
    new Promise<Reply>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ ...message, id });
    });
  return {
    clockOffset: () => clockOffsetOf(async () => (await ask({ type: 'now' })).at),
    async waitFor(requestId) {
      const reply = await ask({ type: 'wait', url, token: benchAgentToken, requestId });
      return { at: reply.at, status: reply.status ?? 'unknown' };
    },
    stop: () => child.kill(),
  };
}
