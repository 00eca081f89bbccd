import type { AgentClient } from '../../shared/agent-client';
import { requestKinds, type RequestKind } from '../../shared/requests';
import { sleep, type AgentContext } from './agents/agent-context';
import { demoAgents } from './agents/registry';
import type { LiveView } from './live-view';

export type SchedulerOptions = {
  client: AgentClient;
  liveView: LiveView;
  log: (line: string) => void;
  /** Most agents alive at once; each waits on at most one request, so this caps the inbox. */
  maxActive?: number;
  /** A new run arrives every `arrivalMs[0]`..`arrivalMs[1]` ms. */
  arrivalMs?: readonly [number, number];
  /** Gap between the first runs, one of each kind. */
  firstGapMs?: number;
  random?: () => number;
  pace?: number;
};

export type Scheduler = { stop(): Promise<void> };

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { client, liveView, log } = options;
  const maxActive = options.maxActive ?? 12;
  const [minGap, maxGap] = options.arrivalMs ?? [20_000, 40_000];
  const firstGapMs = options.firstGapMs ?? 500;
  const random = options.random ?? Math.random;
  const pace = options.pace ?? 1;
  const controller = new AbortController();
  const { signal } = controller;
  const active = new Set<Promise<void>>();
  const started: Record<RequestKind, number> = {
    questions: 0,
    tool: 0,
    plan: 0,
    review: 0,
    message: 0,
    takeover: 0,
  };

  function launch(kind: RequestKind) {
    const ctx: AgentContext = {
      client,
      signal,
      liveView,
      sequence: started[kind]++,
      random,
      pace,
      log,
    };
    const done = demoAgents[kind](ctx)
      .catch((error: unknown) => {
        if (!signal.aborted)
          log(
            `The ${kind} agent could not start: ${error instanceof Error ? error.message : String(error)}`,
          );
      })
      .finally(() => active.delete(done));
    active.add(done);
  }

  const loop = (async () => {
    for (const kind of requestKinds) {
      launch(kind);
      await sleep(firstGapMs, signal);
    }
    for (;;) {
      await sleep(minGap + random() * (maxGap - minGap), signal);
      if (active.size >= maxActive) continue;
      const kind = requestKinds[Math.floor(random() * requestKinds.length)] ?? 'tool';
      launch(kind);
    }
  })().catch(() => undefined);

  return {
    async stop() {
      controller.abort(new Error('Demo stopping'));
      await loop;
      await Promise.allSettled([...active]);
    },
  };
}
