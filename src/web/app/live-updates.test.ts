import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../shared/stream';
import { ruleKeys } from '../features/rules/api/rule-keys';
import { runKeys } from '../features/runs/api/run-keys';
import { auditKeys } from '../features/audit/api/audit-keys';
import { createLiveUpdates, type LiveStatus, parseStreamEvent, staleKeysFor } from './live-updates';

const event = (overrides: Partial<StreamEvent>): StreamEvent => ({
  id: '1',
  type: 'request.created',
  runId: 'run_1',
  requestId: 'req_1',
  at: '2026-03-01T10:00:00.000Z',
  ...overrides,
});

describe('staleKeysFor', () => {
  it('marks the run lists and that run stale for run and request events', () => {
    for (const type of [
      'run.created',
      'request.created',
      'request.answered',
      'request.updated',
    ] as const) {
      expect(staleKeysFor(event({ type }))).toEqual([runKeys.lists(), runKeys.detail('run_1')]);
    }
  });

  it('also marks the run’s audit entries stale when the run changes', () => {
    expect(staleKeysFor(event({ type: 'run.updated' }))).toEqual([
      runKeys.lists(),
      runKeys.detail('run_1'),
      auditKeys.list({ runId: 'run_1' }),
    ]);
  });

  it('marks only the lists stale when the event names no run', () => {
    expect(staleKeysFor(event({ type: 'run.updated', runId: null }))).toEqual([runKeys.lists()]);
  });

  it('marks only who is viewing the run stale for presence.changed', () => {
    expect(staleKeysFor(event({ type: 'presence.changed', requestId: null }))).toEqual([
      runKeys.presence('run_1'),
    ]);
  });

  it('marks only the rules stale for rule.changed', () => {
    expect(staleKeysFor(event({ type: 'rule.changed', runId: null, requestId: null }))).toEqual([
      ruleKeys.lists(),
    ]);
  });
});

describe('parseStreamEvent', () => {
  it('reads a well-formed payload and ignores anything else', () => {
    expect(parseStreamEvent(JSON.stringify(event({})))).toEqual(event({}));
    expect(parseStreamEvent('not json')).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ type: 'run.exploded' }))).toBeNull();
    expect(parseStreamEvent(undefined)).toBeNull();
  });
});

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private listeners = new Map<string, (message: MessageEvent) => void>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (message: MessageEvent) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  emit(data: StreamEvent) {
    this.listeners.get(data.type)?.(
      new MessageEvent(data.type, { data: JSON.stringify(data), lastEventId: data.id }),
    );
  }
  heartbeat() {
    this.listeners.get('heartbeat')?.(new MessageEvent('heartbeat', { data: '{}' }));
  }
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.onerror?.();
  }
}

describe('createLiveUpdates', () => {
  let queryClient: QueryClient;
  let invalidated: unknown[][];
  let statuses: LiveStatus[];
  let started: { stop(): void }[] = [];

  function start() {
    const live = createLiveUpdates(queryClient, {
      onStatus: (s) => statuses.push(s),
      createEventSource: (url) => new FakeEventSource(url) as unknown as EventSource,
    });
    live.start();
    started.push(live);
    return live;
  }
  const latest = () => FakeEventSource.instances.at(-1)!;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.instances = [];
    queryClient = new QueryClient();
    invalidated = [];
    statuses = [];
    vi.spyOn(queryClient, 'invalidateQueries').mockImplementation(async (filters) => {
      invalidated.push([...(filters?.queryKey ?? [])]);
    });
  });
  afterEach(() => {
    started.forEach((live) => live.stop());
    started = [];
    vi.useRealTimers();
  });

  it('opens one stream, refreshes what changed before it opened, and invalidates what each event makes stale', () => {
    start();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(latest().url).toBe('/api/v1/stream');
    latest().open();
    latest().emit(event({ type: 'request.answered', runId: 'run_7' }));
    expect(statuses).toEqual(['connecting', 'live']);
    expect(invalidated).toEqual([runKeys.all, runKeys.lists(), runKeys.detail('run_7')]);
  });

  it('merges a burst of events into one immediate and one trailing refetch', () => {
    start();
    latest().open();
    latest().emit(event({ id: '1', runId: 'run_1' }));
    latest().emit(event({ id: '2', runId: 'run_2' }));
    latest().emit(event({ id: '3', runId: 'run_3' }));
    const lists = () => invalidated.filter((key) => key.length === 2);
    expect(lists()).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(lists()).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(lists()).toHaveLength(2);
  });

  it('polls while the stream is down and stops once it is back', () => {
    start();
    latest().open();
    latest().fail(0);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(10_000);
    expect(invalidated).toEqual([runKeys.all, runKeys.all, runKeys.all]);
    latest().open();
    expect(statuses.at(-1)).toBe('live');
    expect(invalidated).toHaveLength(4);
    vi.advanceTimersByTime(10_000);
    expect(invalidated).toHaveLength(4);
  });

  it('opens a new stream from the last event id when the browser gives up', () => {
    start();
    latest().open();
    latest().emit(event({ id: '41' }));
    latest().fail(2);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(latest().url).toBe('/api/v1/stream?lastEventId=41');
  });

  it('says Offline within 30 s of a silent stream and opens a new one; heartbeats keep it live', () => {
    const live = start();
    latest().open();
    for (let s = 0; s < 60; s += 10) {
      vi.advanceTimersByTime(10_000);
      latest().heartbeat();
    }
    expect(statuses).toEqual(['connecting', 'live']);
    vi.advanceTimersByTime(30_000);
    expect(statuses.at(-1)).toBe('offline');
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.instances[0]!.closed).toBe(true);
    invalidated = [];
    latest().open();
    expect(statuses.at(-1)).toBe('live');
    expect(invalidated).toEqual([runKeys.all]);
    live.stop();
  });

  it('says Offline at once when the browser loses its network, and reconnects when it is back', () => {
    const live = start();
    latest().open();
    window.dispatchEvent(new Event('offline'));
    expect(statuses.at(-1)).toBe('offline');
    latest().fail(0);
    expect(statuses.at(-1)).toBe('offline');
    window.dispatchEvent(new Event('online'));
    expect(FakeEventSource.instances).toHaveLength(2);
    latest().open();
    expect(statuses.at(-1)).toBe('live');
    live.stop();
  });

  it('closes the stream and its timers when stopped', () => {
    const live = start();
    latest().fail(0);
    live.stop();
    expect(latest().closed).toBe(true);
    vi.advanceTimersByTime(20_000);
    expect(invalidated).toEqual([]);
  });

  it('falls back to polling when the browser has no EventSource', () => {
    vi.stubGlobal('EventSource', undefined);
    const live = createLiveUpdates(queryClient, { onStatus: (s) => statuses.push(s) });
    live.start();
    vi.unstubAllGlobals();
    expect(statuses).toEqual(['polling']);
    vi.advanceTimersByTime(5000);
    expect(invalidated).toEqual([runKeys.all]);
    live.stop();
  });
});
