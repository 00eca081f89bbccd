import type { Context } from 'hono';
import type { StreamEvent } from '../../../shared/stream';
import type { AppEnv } from '../../http/app-env';
import { streamEventsAfter } from '../../events/event-log';

/** Often enough that a browser sees a silent (dead) stream within 30 s. */
export const pingIntervalMs = 10_000;
const replayPageSize = 1000;
/**
 * Frames a client may leave unread before its stream is ended. The response body honours the socket's
 * backpressure, so a client that stops reading leaves every later event queued in memory; ended, it
 * reconnects with Last-Event-ID and is sent the rest from the table.
 */
export const maxUnreadFrames = 5_000;

const encoder = new TextEncoder();
const connectedFrame = encoder.encode(': connected\n\n');
// A named event rather than a comment: a browser's EventSource never surfaces comments, so only an
// event tells the page that the stream is still alive.
export const heartbeatFrame = encoder.encode('event: heartbeat\ndata: {}\n\n');
const frames = new WeakMap<StreamEvent, Uint8Array>();

/**
 * One event's SSE frame (its type, its JSON on one data line, its id), built and encoded once however
 * many streams send it: the bus hands every stream the same event object.
 */
function frameOf(event: StreamEvent): Uint8Array {
  let frame = frames.get(event);
  if (!frame) {
    frame = encoder.encode(
      `event: ${event.type}\ndata: ${JSON.stringify(event)}\nid: ${event.id}\n\n`,
    );
    frames.set(event, frame);
  }
  return frame;
}

/**
 * The live event stream. It subscribes to the bus before replaying from the table, so events that
 * commit during the replay are held and sent once (ids at or below the last one sent are skipped).
 * Live events go straight into the response body's queue as they are published: with a thousand
 * streams open, one event is a thousand enqueues rather than a thousand async write chains.
 */
export function openEventStream(c: Context<AppEnv>, lastEventId: number | null): Response {
  const { db, bus, revocations, logger, observe } = c.get('deps');
  const principal = c.get('principal');
  let lastSent = lastEventId ?? 0;
  let replaying = lastEventId !== null;
  const held: StreamEvent[] = [];
  const cleanups: (() => void)[] = [];
  let closed = false;
  let body!: ReadableStreamDefaultController<Uint8Array>;

  const backedUp = () => (body.desiredSize ?? 0) < -maxUnreadFrames;
  const send = (event: StreamEvent) => {
    if (closed || Number(event.id) <= lastSent) return;
    if (backedUp()) return stop();
    body.enqueue(frameOf(event));
    lastSent = Number(event.id);
  };
  const stop = () => {
    if (closed) return;
    closed = true;
    observe?.eventStreams(-1);
    cleanups.forEach((cleanup) => cleanup());
    try {
      body.close();
    } catch {
      // The client went away first: the body is already cancelled.
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      body = controller;
      observe?.eventStreams(1);
      controller.enqueue(connectedFrame);
      cleanups.push(bus.subscribe((event) => (replaying ? held.push(event) : send(event))));
      // A session that is signed out, revoked or whose user is disabled stops receiving events at once.
      if (principal?.type === 'user')
        cleanups.push(revocations.onRevoked(principal.sessionHash, stop));
      const ping = setInterval(() => {
        if (closed) return;
        if (backedUp()) stop();
        else controller.enqueue(heartbeatFrame);
      }, pingIntervalMs);
      cleanups.push(() => clearInterval(ping));
      cleanups.push(bus.onClose(stop));
    },
    cancel: stop,
  });

  if (replaying) {
    void (async () => {
      try {
        for (;;) {
          const page = await streamEventsAfter(db, lastSent, replayPageSize);
          page.forEach(send);
          if (page.length < replayPageSize || closed) break;
        }
        replaying = false;
        held.splice(0).forEach(send);
      } catch (error) {
        logger.error('Replaying the event stream failed', {
          error: error instanceof Error ? error.message : String(error),
        });
        stop();
      }
    })();
  }

  return c.body(stream, 200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'Transfer-Encoding': 'chunked',
    'X-Accel-Buffering': 'no',
  });
}
