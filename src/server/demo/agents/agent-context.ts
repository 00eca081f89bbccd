import { AgentApiError, type AgentClient, type SettledRequest } from '../../../shared/agent-client';
import type { CreateRequest, RequestKind } from '../../../shared/requests';
import type { CreateRun, Run } from '../../../shared/runs';
import type { LiveView } from '../live-view';

export type AgentContext = {
  client: AgentClient;
  signal: AbortSignal;
  liveView: LiveView;
  /** 0 for the first run of a kind (the canonical scenario), then counts up. */
  sequence: number;
  random: () => number;
  /** Scales the agents' pretend work; 1 reads naturally, tests use less. */
  pace: number;
  log: (line: string) => void;
};

export type DemoAgent = (ctx: AgentContext) => Promise<void>;

type Answered<K extends RequestKind> = Extract<SettledRequest<K>, { status: 'answered' }>;

/** Thrown when a request ends without an answer (expired, or cancelled because the run was stopped). */
export class RequestClosedError extends Error {
  readonly status: 'expired' | 'cancelled';

  constructor(status: 'expired' | 'cancelled') {
    super(`Request ${status}`);
    this.status = status;
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function pick<T>(items: readonly T[], ctx: Pick<AgentContext, 'sequence' | 'random'>): T {
  const index = ctx.sequence === 0 ? 0 : Math.floor(ctx.random() * items.length);
  const item = items[index] ?? items[0];
  if (item === undefined) throw new Error('Nothing to pick from');
  return item;
}

export function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

/** One simulated run: small helpers bound to the run, so each agent reads like a script. */
export async function startRun(ctx: AgentContext, run: CreateRun) {
  const created: Run = await ctx.client.createRun({
    ...run,
    metadata: { ...run.metadata, demo: true },
  });
  const { client, signal } = ctx;
  return {
    run: created,
    /** Pretends to work for a moment, so the timeline reads like a real agent's. */
    work: (minMs = 800, maxMs = 2500) =>
      sleep((minMs + ctx.random() * (maxMs - minMs)) * ctx.pace, signal),
    say: (type: string, message: string, data?: unknown) =>
      client.addEvent(created.id, data === undefined ? { type, message } : { type, message, data }),
    async ask<T extends CreateRequest>(request: T): Promise<Answered<T['kind']>> {
      const settled = await client.askAndWait(created.id, request, { signal });
      if (settled.status !== 'answered') throw new RequestClosedError(settled.status);
      return settled as Answered<T['kind']>;
    },
    /** Asks several requests as one group and waits for one reply: every member decided. */
    async askGroup(group: string, requests: readonly CreateRequest[]) {
      for (const request of requests) await client.ask(created.id, { ...request, group });
      return (await client.waitForGroup(created.id, group, { signal })).requests;
    },
    complete: (message: string) =>
      client
        .addEvent(created.id, { type: 'agent.completed', message })
        .then(() => client.updateRun(created.id, { status: 'completed' })),
    stop: (message: string) =>
      client
        .addEvent(created.id, { type: 'agent.stopped', message })
        .then(() => client.updateRun(created.id, { status: 'stopped' })),
  };
}

export type StartedRun = Awaited<ReturnType<typeof startRun>>;

/** Creates the run and plays the script, ending the run sensibly however the script stops. */
export async function runScript(
  ctx: AgentContext,
  spec: CreateRun,
  script: (run: StartedRun) => Promise<void>,
): Promise<void> {
  if (ctx.signal.aborted) return;
  const run = await startRun(ctx, spec);
  try {
    await script(run);
  } catch (error) {
    if (ctx.signal.aborted) return;
    if (error instanceof RequestClosedError && error.status === 'cancelled') return;
    if (error instanceof AgentApiError && error.status === 409) return;
    const message =
      error instanceof RequestClosedError
        ? 'Nobody answered in time; giving up.'
        : `Crashed: ${error instanceof Error ? error.message : String(error)}`;
    if (!(error instanceof RequestClosedError)) ctx.log(`${spec.title}: ${message}`);
    await run
      .say('agent.failed', message)
      .then(() => ctx.client.updateRun(run.run.id, { status: 'failed' }))
      .catch(() => undefined);
  }
}
