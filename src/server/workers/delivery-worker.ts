import type { DeliveryResult } from '../connectors/connector';
import type { ConnectorRuntime } from '../connectors/runtime';
import { defaultBackoff, type BackoffOptions } from '../domain/backoff';
import type { DomainContext } from '../domain/context';
import type { DeliveryAttemptResult } from '../domain/observations';
import {
  deliveryWork,
  holdDelivery,
  settleDelivery,
  type DeliveryWork,
} from '../domain/delivery-outcome';
import { claimDueJobs, type ClaimedJob } from '../domain/outbox';
import { loadSource, type LoadedSource } from '../domain/source-loader';
import { startJobLoop } from '../lib/job-loop';
import type { Logger } from '../lib/logger';

export type DeliveryWorkerOptions = {
  /** How often to look for due jobs when nothing kicks the worker. */
  intervalMs?: number;
  /** How long a claim holds; far above the platform timeout, so a live worker never loses it mid-send. */
  leaseMs?: number;
  batchSize?: number;
  backoff?: BackoffOptions;
};

export type DeliveryWorker = {
  /** Looks for due jobs soon (coalesced). */
  kick(): void;
  /** One pass: claims due jobs and sends them; resolves with how many it handled. */
  runOnce(): Promise<number>;
  /** Stops the timer and waits for sends in flight. */
  stop(): Promise<void>;
  /**
   * Whether the worker still works: not stopped, its timer still firing, its last pass not failed, and
   * no pass stuck beyond a lease (for readiness probes).
   */
  alive(): boolean;
};

type WorkerDeps = DomainContext & { runtime: ConnectorRuntime; logger: Logger };

export function startDeliveryWorker(
  deps: WorkerDeps,
  options: DeliveryWorkerOptions = {},
): DeliveryWorker {
  const intervalMs = options.intervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 120_000;
  const batchSize = options.batchSize ?? 10;
  const backoff = options.backoff ?? defaultBackoff;

  async function runOnce(): Promise<number> {
    const jobs = await claimDueJobs(deps.db, { now: deps.now(), leaseMs, limit: batchSize });
    await Promise.all(jobs.map((job) => processJob(deps, job, backoff)));
    return jobs.length;
  }

  const loop = startJobLoop({
    intervalMs,
    leaseMs,
    batchSize,
    runOnce,
    onError: (error) => deps.logger.error('Delivery pass failed', { error: errorText(error) }),
  });
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type === 'request.answered' || event.type === 'run.updated') loop.kick();
  });

  return {
    kick: loop.kick,
    runOnce,
    async stop() {
      unsubscribe();
      await loop.stop();
    },
    alive: loop.alive,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function processJob(
  deps: WorkerDeps,
  job: ClaimedJob,
  backoff: BackoffOptions,
): Promise<void> {
  let loaded: LoadedSource | null = null;
  let result: DeliveryResult;
  try {
    loaded = await loadSource(deps.db, deps.runtime, job.source_id);
    const work = loaded ? await deliveryWork(deps.db, job) : null;
    if (work?.kind === 'held') {
      await holdDelivery(deps, job, work.reason);
      return;
    }
    result =
      loaded && work
        ? await send(deps, loaded, work)
        : { outcome: 'fatal', error: 'The source was deleted or its platform is not supported' };
  } catch (error) {
    result = { outcome: 'retry', error: `Delivery failed unexpectedly: ${errorText(error)}` };
    deps.logger.error('Delivery attempt threw', { deliveryId: job.id, error: errorText(error) });
  }
  const platform = { label: loaded?.connector.label ?? 'the platform', reached: loaded !== null };
  if (!(await settleDelivery(deps, job, result, platform, backoff))) {
    deps.logger.warn('Delivery lease lost before the outcome was recorded', { deliveryId: job.id });
    return;
  }
  const outcome = attemptResult(job, result);
  // The job is queued in the answer's own transaction, so its creation is the moment of the answer.
  const timing =
    outcome === 'delivered' && job.kind !== 'stop'
      ? { answeredAt: job.created_at, deliveredAt: deps.now().toISOString() }
      : undefined;
  deps.observe?.deliveryAttempted(loaded?.row.kind ?? 'unknown', outcome, timing);
}

function attemptResult(job: ClaimedJob, result: DeliveryResult): DeliveryAttemptResult {
  if (result.outcome === 'ok') return 'delivered';
  if (result.outcome === 'retry') return job.attempts >= job.max_attempts ? 'exhausted' : 'retry';
  return result.outcome;
}

async function send(
  deps: WorkerDeps,
  loaded: LoadedSource,
  work: Exclude<DeliveryWork, { kind: 'held' }>,
): Promise<DeliveryResult> {
  const ctx = { http: deps.runtime.http, now: deps.now };
  switch (work.kind) {
    case 'impossible':
      return { outcome: 'fatal', error: work.error };
    case 'stop':
      return loaded.connector.stop(loaded.source, work.input, ctx);
    case 'answer':
      return loaded.connector.deliver(loaded.source, work.input, ctx);
    case 'group':
      return loaded.connector.deliverGroup
        ? loaded.connector.deliverGroup(loaded.source, work.input, ctx)
        : { outcome: 'fatal', error: `${loaded.connector.label} takes one reply per request` };
  }
}
