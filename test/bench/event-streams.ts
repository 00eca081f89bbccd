import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchAgentToken, type BenchServer } from './bench-server';
import { bars, type Figure } from './figures';
import { sleep, spread } from './stats';
import { saveSamples } from './table';

const streamCount = 1000;
const warmup = 3;
const trials = 30;

const clientsMain = fileURLToPath(new URL('./stream-clients.ts', import.meta.url));

type Reply = {
  ok: boolean;
  error?: string;
  ms?: number;
  allMs?: number;
  medianMs?: number;
  missing?: number;
};

/** 1,000 open event streams: the server's memory, and how long one event takes to reach all of them. */
export async function eventStreams(server: BenchServer): Promise<Figure[]> {
  const baseline = server.memory().rssMb;
  const clients = fork(clientsMain, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_STREAMS: JSON.stringify({
        url: server.url,
        cookie: server.cookie,
        token: benchAgentToken,
        count: streamCount,
      }),
    },
  });
  const replies: Reply[] = [];
  let waiting: ((reply: Reply) => void) | null = null;
  clients.on('message', (reply: Reply) => (waiting ? waiting(reply) : replies.push(reply)));
  const ask = async (message: unknown): Promise<Reply> => {
    const reply = await new Promise<Reply>((resolve) => {
      const queued = replies.shift();
      if (queued) return resolve(queued);
      waiting = (r) => {
        waiting = null;
        resolve(r);
      };
      if (message) clients.send(message as object);
    });
    if (!reply.ok) throw new Error(`stream clients: ${reply.error}`);
    return reply;
  };
  try {
    await ask(null);
    const opened = await ask({ type: 'open' });
    await sleep(1000);
    const open = server.memory().rssMb;
    const alls: number[] = [];
    const medians: number[] = [];
    const cpuBefore = server.cpuMs();
    await server.profiled('streams-fan-out', async () => {
      for (let n = 1; n <= warmup + trials; n++) {
        const result = await ask({ type: 'trial', n });
        if (result.missing) throw new Error(`${result.missing} streams never got event ${n}`);
        if (n > warmup) {
          alls.push(result.allMs!);
          medians.push(result.medianMs!);
        }
        await sleep(200);
      }
    });
    // Between trials the server is idle but for pings, so this is close to its cost of one event.
    const cpuPerEvent = (server.cpuMs() - cpuBefore) / (warmup + trials);
    const { rssMb, peakMb } = server.memory();
    await saveSamples('event-streams', { baseline, open, alls, medians });
    const all = spread(alls);
    const suite = 'streams';
    return [
      {
        suite,
        what: `${streamCount} event streams: server RSS`,
        value: Math.max(open, rssMb),
        unit: 'MB',
        bar: bars.streamsRss,
        detail: `${baseline.toFixed(0)} MB before opening them; peak ${peakMb.toFixed(0)} MB; all open in ${(opened.ms! / 1000).toFixed(1)} s`,
      },
      {
        suite,
        what: `${streamCount} event streams: event reaches all, p95`,
        value: all.p95,
        unit: 'ms',
        bar: bars.streamsFanOut,
        detail: `agent POST → last stream; p50 ${all.p50.toFixed(0)}, max ${all.max.toFixed(0)} ms; median stream ${spread(medians).p50.toFixed(0)} ms; n=${all.n}; server CPU ${cpuPerEvent.toFixed(0)} ms per event`,
      },
    ];
  } finally {
    if (clients.connected) clients.send({ type: 'close' });
    await new Promise((done) => clients.once('exit', done));
  }
}
