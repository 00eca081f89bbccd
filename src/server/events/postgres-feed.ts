import pg from 'pg';
import { postgresClientConfig } from '../db/database';
import type { Db } from '../db/schema';
import type { Logger } from '../lib/logger';
import type { EventBus } from './bus';
import { latestStreamEventId, streamEventsAfter, streamEventsChannel } from './event-log';
import {
  revokedSessionsChannel,
  type SharedSessionRevocations,
} from './shared-session-revocations';

export type PostgresFeed = {
  /** The newest event id published so far. */
  readonly lastId: number;
  /** Resolves once every event committed before the call is published. */
  catchUp(): Promise<void>;
  stop(): Promise<void>;
};

export type PostgresFeedOptions = {
  /** Session revocations announced by any process (see shared-revocations.ts). */
  revocations?: SharedSessionRevocations;
  /** A read now and then even without notifications, in case one was lost with a dropped connection. */
  safetyIntervalMs?: number;
  reconnectMs?: number;
};

/**
 * Brings every process's committed stream events onto this process's bus, in id order. One connection
 * LISTENs; a notification only says that something new committed, and the events themselves are read
 * from the table after the last id published. Writers commit ids in increasing order (record.ts), so
 * reading after the last id never skips one.
 */
export async function startPostgresFeed(
  db: Db,
  url: string,
  bus: EventBus,
  logger: Logger,
  options: PostgresFeedOptions = {},
): Promise<PostgresFeed> {
  const reconnectMs = options.reconnectMs ?? 1000;
  let stopped = false;
  let client: pg.Client | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let draining: Promise<void> | null = null;
  let again = false;

  async function drainOnce(): Promise<void> {
    for (;;) {
      const events = await streamEventsAfter(db, feed.lastId);
      if (events.length === 0 || stopped) return;
      feed.lastId = Number(events.at(-1)!.id);
      bus.publish(events);
    }
  }

  function drain(): Promise<void> {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      do {
        again = false;
        await drainOnce();
      } while (again && !stopped);
    })()
      .catch((error: unknown) => {
        if (!stopped) logger.error('Reading stream events failed', { error: errorText(error) });
      })
      .finally(() => {
        draining = null;
      });
    return draining;
  }

  async function listen(): Promise<void> {
    const next = new pg.Client(postgresClientConfig(url));
    next.on('notification', (notice) => {
      if (notice.channel === revokedSessionsChannel)
        options.revocations?.revokeHere(notice.payload ?? '');
      else void drain();
    });
    next.on('error', (error) => {
      if (!stopped) logger.warn('Event listener connection failed', { error: errorText(error) });
      onLost(next);
    });
    next.on('end', () => onLost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${streamEventsChannel}`);
      if (options.revocations) await next.query(`LISTEN ${revokedSessionsChannel}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
  }

  function onLost(lost: pg.Client): void {
    if (client !== lost) return;
    client = null;
    lost.end().catch(() => undefined);
    retryLater();
  }

  function retryLater(): void {
    if (stopped || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (stopped) return;
      listen()
        .then(() => drain())
        .catch((error: unknown) => {
          logger.warn('Event listener could not reconnect', { error: errorText(error) });
          retryLater();
        });
    }, reconnectMs);
    reconnectTimer.unref();
  }

  const feed = { lastId: 0, stop, catchUp: () => drain().then(() => drain()) };
  await listen();
  feed.lastId = await latestStreamEventId(db);
  bus.useDatabaseFeed();

  const safety = setInterval(() => void drain(), options.safetyIntervalMs ?? 5000);
  safety.unref();

  async function stop(): Promise<void> {
    stopped = true;
    clearInterval(safety);
    if (reconnectTimer) clearTimeout(reconnectTimer);
    const listening = client;
    client = null;
    await draining;
    await listening?.end().catch(() => undefined);
  }

  return feed;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
