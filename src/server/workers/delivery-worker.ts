import type { AnyResponse } from '../../shared/requests';
import type { DeliveryInput, DeliveryResult } from '../connectors/connector';
import type { ConnectorRuntime } from '../connectors/runtime';
import { loadSource, recordHealth, type LoadedSource } from '../domain/source-loader';
import { commit } from '../domain/commit';
import type { DomainContext } from '../domain/context';
import { toRequest } from '../domain/mappers';
import { addTimelineEvent } from '../domain/timeline';
import { fromJsonColumn } from '../lib/json-column';
import type { Logger } from '../lib/logger';
import { backoffDelayMs, defaultBackoff, type BackoffOptions } from './backoff';
import { claimDueJobs, settleJob, type ClaimedJob, type JobUpdate } from '../domain/outbox';

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
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;

  async function runOnce(): Promise<number> {
    const jobs = await claimDueJobs(deps.db, { now: deps.now(), leaseMs, limit: batchSize });
    await Promise.all(jobs.map((job) => processJob(deps, job, backoff)));
    return jobs.length;
  }

  function pass(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        const handled = await runOnce();
        total += handled;
        if (handled === batchSize) again = true;
      } while (again && !stopped);
      return total;
    })()
      .catch((error: unknown) => {
        deps.logger.error('Delivery pass failed', { error: errorText(error) });
        return 0;
      })
      .finally(() => {
        running = null;
      });
  }

  const timer = setInterval(pass, intervalMs);
  timer.unref();
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type === 'request.answered' || event.type === 'run.updated') kick();
  });
  let kickScheduled = false;
  function kick(): void {
    if (kickScheduled || stopped) return;
    kickScheduled = true;
    setImmediate(() => {
      kickScheduled = false;
      pass();
    });
  }

  return {
    kick,
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
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
    result = loaded
      ? await send(deps, loaded, job)
      : { outcome: 'fatal', error: 'The source was deleted or its platform is not supported' };
  } catch (error) {
    result = { outcome: 'retry', error: `Delivery failed unexpectedly: ${errorText(error)}` };
    deps.logger.error('Delivery attempt threw', { deliveryId: job.id, error: errorText(error) });
  }
  const label = loaded?.connector.label ?? 'the platform';
  const at = deps.now().toISOString();
  const update = toUpdate(job, result, label, backoff, deps.now());
  const settled = await commit(deps, async (trx, emit) => {
    if (!(await settleJob(trx, job, update, at))) return false;
    if (job.kind === 'answer' && job.request_id) {
      await trx
        .updateTable('requests')
        .set({
          delivery_status: update.status,
          delivery_attempts: job.attempts,
          delivery_last_error: update.lastError,
          updated_at: at,
        })
        .where('id', '=', job.request_id)
        .execute();
      emit({ type: 'request.updated', runId: job.run_id, requestId: job.request_id });
    }
    const entry = timelineEntry(
      job,
      update,
      label,
      result.outcome === 'ok' ? result.note : undefined,
    );
    if (entry) {
      await addTimelineEvent(
        trx,
        { runId: job.run_id, requestId: job.request_id, actor: 'system', ...entry },
        at,
      );
      await trx.updateTable('runs').set({ updated_at: at }).where('id', '=', job.run_id).execute();
      emit({ type: 'run.updated', runId: job.run_id, requestId: null });
    }
    return true;
  });
  if (!settled) {
    deps.logger.warn('Delivery lease lost before the outcome was recorded', { deliveryId: job.id });
  }
  if (loaded) {
    await recordHealth(
      deps.db,
      job.source_id,
      result.outcome === 'ok' ? { ok: true } : { ok: false, error: result.error },
      at,
    ).catch(() => undefined);
  }
}

async function send(
  deps: WorkerDeps,
  loaded: LoadedSource,
  job: ClaimedJob,
): Promise<DeliveryResult> {
  const ctx = { http: deps.runtime.http, now: deps.now };
  const runRow = await deps.db
    .selectFrom('runs')
    .select(['external_id', 'external_data'])
    .where('id', '=', job.run_id)
    .executeTakeFirst();
  if (!runRow?.external_id) return { outcome: 'fatal', error: 'The run has no platform id' };
  const run = {
    externalId: runRow.external_id,
    externalData: fromJsonColumn<Record<string, unknown>>(runRow.external_data) ?? {},
  };
  if (job.kind === 'stop') {
    return loaded.connector.stop(loaded.source, { idempotencyKey: job.id, run }, ctx);
  }
  const row = job.request_id
    ? await deps.db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', job.request_id)
        .executeTakeFirst()
    : undefined;
  if (!row?.external_id || row.response === null) {
    return { outcome: 'fatal', error: 'The request has no platform id or no answer' };
  }
  const input: DeliveryInput = {
    idempotencyKey: job.id,
    attempt: job.attempts,
    inDoubt: job.inDoubt,
    run,
    request: {
      ...toRequest(row),
      externalId: row.external_id,
      externalData: fromJsonColumn<Record<string, unknown>>(row.external_data) ?? {},
    },
    response: fromJsonColumn<AnyResponse>(row.response) as AnyResponse,
  };
  return loaded.connector.deliver(loaded.source, input, ctx);
}

function toUpdate(
  job: ClaimedJob,
  result: DeliveryResult,
  label: string,
  backoff: BackoffOptions,
  now: Date,
): JobUpdate {
  switch (result.outcome) {
    case 'ok':
      return { status: 'delivered', outcome: 'delivered', lastError: null };
    case 'conflict':
      return {
        status: 'failed',
        outcome: 'conflict',
        lastError: job.inDoubt
          ? `${label} already had an answer; an earlier interrupted attempt may have delivered this one (${result.error})`
          : `Already answered on ${label}: ${result.error}`,
      };
    case 'fatal':
      return { status: 'failed', outcome: 'fatal', lastError: result.error };
    case 'retry': {
      if (job.attempts >= job.max_attempts) {
        return {
          status: 'failed',
          outcome: 'exhausted',
          lastError: `Gave up after ${job.attempts} attempts: ${result.error}`,
        };
      }
      const delay = Math.max(backoffDelayMs(job.attempts, backoff), result.retryAfterMs ?? 0);
      return {
        status: 'pending',
        outcome: null,
        lastError: result.error,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
      };
    }
  }
}

function timelineEntry(
  job: ClaimedJob,
  update: JobUpdate,
  label: string,
  note: string | undefined,
): { type: string; message: string } | null {
  if (update.status === 'pending') return null;
  if (job.kind === 'stop') {
    return update.status === 'delivered'
      ? { type: 'run.stop_delivered', message: `Stopped on ${label}` }
      : {
          type: 'run.stop_failed',
          message: `Could not stop the run on ${label}: ${update.lastError}`,
        };
  }
  if (update.status === 'delivered') {
    const after = job.attempts > 1 ? ` after ${job.attempts} attempts` : '';
    return {
      type: 'request.delivered',
      message: `Delivered to ${label}${after}${note ? `; ${note}` : ''}`,
    };
  }
  if (update.outcome === 'conflict') {
    return {
      type: 'request.delivery_conflict',
      message: update.lastError ?? `Refused by ${label}`,
    };
  }
  return {
    type: 'request.delivery_failed',
    message: `Could not deliver to ${label}: ${update.lastError}`,
  };
}
