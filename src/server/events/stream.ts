import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { StreamEvent } from '../../shared/stream';
import type { AppEnv } from '../lib/app-env';
import { streamEventsAfter } from './record';

export const pingIntervalMs = 15_000;
const replayPageSize = 1000;

function writeEvent(stream: SSEStreamingApi, event: StreamEvent): Promise<void> {
  return stream.writeSSE({ id: event.id, event: event.type, data: JSON.stringify(event) });
}

/**
 * The live event stream. It subscribes to the bus before replaying from the table, so events that
 * commit during the replay are queued and sent once (ids at or below the last one sent are skipped).
 */
export function openEventStream(c: Context<AppEnv>, lastEventId: number | null): Response {
  const { db, bus } = c.get('deps');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const queue: StreamEvent[] = [];
    let closed = false;
    let wake: () => void = () => {};
    const unsubscribe = bus.subscribe((event) => {
      queue.push(event);
      wake();
    });
    const stop = () => {
      closed = true;
      wake();
    };
    const offClose = bus.onClose(stop);
    stream.onAbort(stop);
    // A session that is signed out, revoked or whose user is disabled stops receiving events at once.
    const principal = c.get('principal');
    const offRevoked =
      principal?.type === 'user'
        ? c.get('deps').revocations.onRevoked(principal.sessionHash, stop)
        : () => {};
    const ping = setInterval(() => {
      stream.write(': ping\n\n').catch(stop);
    }, pingIntervalMs);
    try {
      let lastSent = lastEventId ?? 0;
      await stream.write(': connected\n\n');
      if (lastEventId !== null) {
        for (;;) {
          const page = await streamEventsAfter(db, lastSent, replayPageSize);
          for (const event of page) {
            await writeEvent(stream, event);
            lastSent = Number(event.id);
          }
          if (page.length < replayPageSize || closed) break;
        }
      }
      while (!closed) {
        const event = queue.shift();
        if (event) {
          if (Number(event.id) > lastSent) {
            await writeEvent(stream, event);
            lastSent = Number(event.id);
          }
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = () => {};
      }
    } finally {
      clearInterval(ping);
      unsubscribe();
      offClose();
      offRevoked();
    }
  });
}
