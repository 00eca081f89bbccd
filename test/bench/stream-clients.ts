import http from 'node:http';

/**
 * Many SSE clients in one process (not the server's): opens `count` streams, then for each trial has an
 * agent create a run and times how long its run.created event takes to reach every stream.
 */
type Config = { url: string; cookie: string; token: string; count: number };
type Message = { type: 'open' } | { type: 'trial'; n: number } | { type: 'close' };

const config = JSON.parse(process.env.BENCH_STREAMS ?? '{}') as Config;
const now = () => performance.now();

type Stream = { request: http.ClientRequest; buffer: string; seen: number; arrivals: number[] };
const streams: Stream[] = [];
let onProgress: () => void = () => {};

function open(): Promise<void> {
  let connected = 0;
  return new Promise((ready, fail) => {
    for (let i = 0; i < config.count; i++) {
      const stream: Stream = { request: null as never, buffer: '', seen: 0, arrivals: [] };
      stream.request = http.get(
        `${config.url}/api/v1/stream`,
        { agent: false, headers: { Cookie: config.cookie, Accept: 'text/event-stream' } },
        (res) => {
          if (res.statusCode !== 200) fail(new Error(`stream ${i}: HTTP ${res.statusCode}`));
          res.setEncoding('utf8');
          let counted = false;
          res.on('data', (chunk: string) => {
            stream.buffer += chunk;
            if (!counted && stream.buffer.includes(': connected')) {
              counted = true;
              if (++connected === config.count) ready();
            }
            let end: number;
            while ((end = stream.buffer.indexOf('\n\n')) >= 0) {
              const frame = stream.buffer.slice(0, end);
              stream.buffer = stream.buffer.slice(end + 2);
              if (frame.includes('event: run.created')) {
                stream.seen += 1;
                stream.arrivals.push(now());
                onProgress();
              }
            }
          });
        },
      );
      stream.request.on('error', fail);
      streams.push(stream);
    }
  });
}

async function trial(n: number) {
  const done = new Promise<void>((resolve) => {
    onProgress = () => {
      if (streams.every((s) => s.seen >= n)) resolve();
    };
  });
  const sentAt = now();
  const res = await fetch(`${config.url}/api/v1/runs`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: `Fan-out ${n}` }),
  });
  if (res.status !== 201) throw new Error(`creating a run answered ${res.status}`);
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000));
  if ((await Promise.race([done, timeout])) === 'timeout') {
    const missing = streams.filter((s) => s.seen < n).length;
    return { allMs: Number.NaN, firstMs: Number.NaN, medianMs: Number.NaN, missing };
  }
  const arrivals = streams.map((s) => s.arrivals[n - 1]! - sentAt).sort((a, b) => a - b);
  return {
    allMs: arrivals.at(-1)!,
    firstMs: arrivals[0]!,
    medianMs: arrivals[Math.floor(arrivals.length / 2)]!,
    missing: 0,
  };
}

process.on('message', (message: Message) => {
  const reply = (value: unknown) => process.send?.(value);
  if (message.type === 'open') {
    const started = now();
    open().then(
      () => reply({ ok: true, ms: now() - started }),
      (error: unknown) => reply({ ok: false, error: String(error) }),
    );
  } else if (message.type === 'trial') {
    trial(message.n).then(
      (result) => reply({ ok: true, ...result }),
      (error: unknown) => reply({ ok: false, error: String(error) }),
    );
  } else {
    for (const s of streams) s.request.destroy();
    process.exit(0);
  }
});
process.send?.({ ok: true });
