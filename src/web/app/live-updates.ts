import {
  onlineManager,
  type QueryClient,
  type QueryKey,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { type StreamEvent, streamEventSchema, streamEventTypes } from '../../shared/stream';
import { auditKeys } from '../features/audit/api/audit-keys';
import { ruleKeys } from '../features/rules/api/rule-keys';
import { runKeys } from '../features/runs/api/run-keys';
import { API_BASE } from '../lib/api-client';

/** `polling`: the browser has no EventSource, so lists are refetched on a timer. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'offline';

const CLOSED = 2;

/** The narrowest query prefixes an event makes stale. */
export function staleKeysFor(event: StreamEvent): QueryKey[] {
  if (event.type === 'rule.changed') return [ruleKeys.lists()];
  // Someone opened or left a run: nothing in the lists or the run itself changed.
  if (event.type === 'presence.changed') return event.runId ? [runKeys.presence(event.runId)] : [];
  const keys: QueryKey[] = [runKeys.lists()];
  if (event.runId) keys.push(runKeys.detail(event.runId));
  // Answers and stops update the run; its audit section (admins) lists them.
  if (event.runId && event.type === 'run.updated')
    keys.push(auditKeys.list({ runId: event.runId }));
  return keys;
}

/** Reads one SSE `data` payload; anything malformed is ignored rather than breaking the stream. */
export function parseStreamEvent(data: unknown): StreamEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = streamEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type LiveUpdatesOptions = {
  onStatus: (status: LiveStatus) => void;
  url?: string;
  pollMs?: number;
  /** Refetches of one key closer together than this are merged into one trailing refetch. */
  throttleMs?: number;
  /**
   * A stream silent this long is taken for dead: the server sends a heartbeat every 10 s, so a lost
   * connection that the browser does not notice (a sleeping laptop, a dropped Wi-Fi) shows within 30 s.
   */
  silenceMs?: number;
  createEventSource?: (url: string) => EventSource;
  /** Told of each event after its queries are marked stale (desktop notifications listen here). */
  onEvent?: (event: StreamEvent) => void;
};

/**
 * Holds one EventSource and turns its events into cache invalidations. The browser resumes a
 * dropped stream itself (sending Last-Event-ID); when it gives up (the stream is closed), this
 * opens a new one with `?lastEventId=` after a back-off. While the stream is down, lists are polled.
 */
export function createLiveUpdates(queryClient: QueryClient, options: LiveUpdatesOptions) {
  const {
    onStatus,
    url = `${API_BASE}/stream`,
    pollMs = 5000,
    throttleMs = 250,
    silenceMs = 25_000,
    createEventSource = typeof EventSource === 'undefined'
      ? undefined
      : (target: string) => new EventSource(target),
  } = options;
  let source: EventSource | null = null;
  let status: LiveStatus | null = null;
  let lastEventId: string | null = null;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 1000;
  let lastHeard = Date.now();
  let watchdog: ReturnType<typeof setInterval> | undefined;
  const throttles = new Map<string, { timer: ReturnType<typeof setTimeout>; trailing: boolean }>();

  const invalidateNow = (queryKey: QueryKey) => void queryClient.invalidateQueries({ queryKey });

  function invalidate(queryKey: QueryKey) {
    const id = JSON.stringify(queryKey);
    const open = throttles.get(id);
    if (open) {
      open.trailing = true;
      return;
    }
    invalidateNow(queryKey);
    const entry = {
      trailing: false,
      timer: setTimeout(() => {
        throttles.delete(id);
        if (entry.trailing) invalidate(queryKey);
      }, throttleMs),
    };
    throttles.set(id, entry);
  }

  function setStatus(next: LiveStatus) {
    if (next === status) return;
    status = next;
    onStatus(next);
    const poll = next === 'reconnecting' || next === 'polling' || next === 'offline';
    if (poll && !pollTimer) pollTimer = setInterval(() => invalidateNow(runKeys.all), pollMs);
    if (!poll && pollTimer) {
      clearInterval(pollTimer);
      pollTimer = undefined;
    }
    // Whatever changed before the stream opened (or while it was down) was never announced on it;
    // answers the browser held back while it was offline are sent at once.
    if (next === 'live') {
      invalidateNow(runKeys.all);
      onlineManager.setOnline(true);
      void queryClient.resumePausedMutations();
    }
  }

  /** Drops the current stream and opens a new one now (the back-off restarts). */
  function reconnect(open: (url: string) => EventSource) {
    source?.close();
    clearTimeout(retryTimer);
    retryDelay = 1000;
    connect(open);
  }

  function goOffline() {
    setStatus('offline');
  }

  const onEvent = (message: MessageEvent) => {
    lastHeard = Date.now();
    if (message.lastEventId) lastEventId = message.lastEventId;
    const event = parseStreamEvent(message.data);
    if (!event) return;
    staleKeysFor(event).forEach(invalidate);
    options.onEvent?.(event);
  };

  function connect(open: (url: string) => EventSource) {
    const target = lastEventId ? `${url}?lastEventId=${encodeURIComponent(lastEventId)}` : url;
    const current = open(target);
    source = current;
    lastHeard = Date.now();
    current.onopen = () => {
      retryDelay = 1000;
      lastHeard = Date.now();
      setStatus('live');
    };
    current.onerror = () => {
      if (status !== 'offline') setStatus('reconnecting');
      if (current.readyState !== CLOSED) return;
      current.close();
      retryTimer = setTimeout(() => connect(open), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30_000);
    };
    streamEventTypes.forEach((type) => current.addEventListener(type, onEvent));
    current.addEventListener('heartbeat', () => {
      lastHeard = Date.now();
    });
  }

  const onBrowserOffline = () => goOffline();
  const onBrowserOnline = () => createEventSource && reconnect(createEventSource);

  return {
    start() {
      if (!createEventSource) {
        setStatus('polling');
        return;
      }
      setStatus('connecting');
      connect(createEventSource);
      const open = createEventSource;
      watchdog = setInterval(() => {
        if (Date.now() - lastHeard < silenceMs) return;
        goOffline();
        reconnect(open);
      }, 5000);
      if (typeof window !== 'undefined') {
        window.addEventListener('offline', onBrowserOffline);
        window.addEventListener('online', onBrowserOnline);
      }
    },
    stop() {
      source?.close();
      source = null;
      clearTimeout(retryTimer);
      clearInterval(watchdog);
      if (typeof window !== 'undefined') {
        window.removeEventListener('offline', onBrowserOffline);
        window.removeEventListener('online', onBrowserOnline);
      }
      clearInterval(pollTimer);
      pollTimer = undefined;
      throttles.forEach((entry) => clearTimeout(entry.timer));
      throttles.clear();
    },
  };
}

/**
 * Keeps the live stream open while mounted (that is, while signed in) and reports its state; `onEvent`
 * hears each event (the latest function given, without reopening the stream).
 */
export function useLiveUpdates(onEvent?: (event: StreamEvent) => void): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listener = useRef(onEvent);
  useEffect(() => {
    listener.current = onEvent;
  }, [onEvent]);
  useEffect(() => {
    const live = createLiveUpdates(queryClient, {
      onStatus: setStatus,
      onEvent: (event) => listener.current?.(event),
    });
    live.start();
    return () => live.stop();
  }, [queryClient]);
  return status;
}
