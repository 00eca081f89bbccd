import { notify, requestEvent } from './notifications/notify';
import {
  isDeliveryInput,
  type DeliveryInput,
  type DeliveryResult,
  type GroupDeliveryInput,
  type GroupMember,
  type StopInput,
} from '../connectors/connector';
import type { DbOrTrx, RequestRow } from '../db/schema';
import { fromJsonColumn } from '../lib/json-column';
import { backoffDelayMs, type BackoffOptions } from './backoff';
import { commit } from './commit';
import type { DomainContext } from './context';
import { toRequest } from './mappers';
import { settleJob, type ClaimedJob, type JobUpdate } from './outbox';
import { setRequestDelivery } from './requests';
import { recordHealth } from './source-loader';
import { addTimelineEvent } from './timeline';

/** What a claimed job asks the platform to do, read from the rows it points at. */
export type DeliveryWork =
  | { kind: 'stop'; input: StopInput }
  | { kind: 'answer'; input: DeliveryInput }
  | { kind: 'group'; input: GroupDeliveryInput }
  /** The run's answers are kept until its platform says where they go (see `holdDelivery`). */
  | { kind: 'held'; reason: string }
  | { kind: 'impossible'; error: string };

/** A kept job is looked at again after this even if nothing wakes it, in case a wake was missed. */
const heldRecheckMs = 60 * 60 * 1000;

export async function deliveryWork(db: DbOrTrx, job: ClaimedJob): Promise<DeliveryWork> {
  const runRow = await db
    .selectFrom('runs')
    .select(['external_id', 'external_data', 'delivery_hold'])
    .where('id', '=', job.run_id)
    .executeTakeFirst();
  if (!runRow?.external_id) return { kind: 'impossible', error: 'The run has no platform id' };
  if (runRow.delivery_hold !== null) return { kind: 'held', reason: runRow.delivery_hold };
  const run = {
    externalId: runRow.external_id,
    externalData: fromJsonColumn<Record<string, unknown>>(runRow.external_data) ?? {},
  };
  if (job.kind === 'stop') return { kind: 'stop', input: { idempotencyKey: job.id, run } };
  if (job.kind === 'group') return groupWork(db, job, run);
  const row = job.request_id
    ? await db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', job.request_id)
        .executeTakeFirst()
    : undefined;
  if (!row?.external_id || row.response === null) {
    return { kind: 'impossible', error: 'The request has no platform id or no answer' };
  }
  const stored = storedDelivery(job, run, row, row.external_id);
  // Checked when it was stored, but a row changed since (by hand, a restore, a bug) must not send a
  // `tool` decision read from a `questions` answer: such a pair is never sent.
  if (!isDeliveryInput(stored)) return mismatched(stored.request.kind);
  return { kind: 'answer', input: stored };
}

type RunRef = DeliveryInput['run'];

function storedDelivery(job: ClaimedJob, run: RunRef, row: RequestRow, externalId: string) {
  return {
    idempotencyKey: job.id,
    attempt: job.attempts,
    inDoubt: job.inDoubt,
    run,
    request: {
      ...toRequest(row),
      externalId,
      externalData: fromJsonColumn<Record<string, unknown>>(row.external_data) ?? {},
    },
    response: fromJsonColumn<unknown>(row.response),
  };
}

function mismatched(kind: string): DeliveryWork {
  return {
    kind: 'impossible',
    error: `The stored answer is not an answer to a ${kind} request, so it was not sent`,
  };
}

/** Every member of the job's group, in the order they were asked, read when the reply is sent. */
async function groupWork(db: DbOrTrx, job: ClaimedJob, run: RunRef): Promise<DeliveryWork> {
  const group = job.request_id ? await groupMembers(db, job.request_id) : null;
  if (!group) return { kind: 'impossible', error: 'The group has no requests' };
  const members: GroupMember[] = [];
  for (const row of group.rows) {
    if (!row.external_id) return { kind: 'impossible', error: 'A request has no platform id' };
    const stored = storedDelivery(job, run, row, row.external_id);
    if (row.status === 'pending') {
      return { kind: 'impossible', error: 'A request of the group is still pending' };
    }
    if (row.status === 'answered') {
      if (!isDeliveryInput(stored)) return mismatched(stored.request.kind);
      members.push({ status: 'answered', input: stored });
    } else {
      members.push({
        status: row.status === 'expired' ? 'expired' : 'cancelled',
        request: stored.request,
      });
    }
  }
  const { idempotencyKey, attempt, inDoubt } = storedDelivery(job, run, group.rows[0]!, '');
  return {
    kind: 'group',
    input: { idempotencyKey, attempt, inDoubt, run, group: group.key, members },
  };
}

/** The rows of a request's group, oldest first (ids sort by creation within a timestamp). */
export async function groupMembers(
  db: DbOrTrx,
  requestId: string,
): Promise<{ key: string; rows: RequestRow[] } | null> {
  const first = await db
    .selectFrom('requests')
    .select(['run_id', 'group_key'])
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (first?.group_key == null) return null;
  const rows = await db
    .selectFrom('requests')
    .selectAll()
    .where('run_id', '=', first.run_id)
    .where('group_key', '=', first.group_key)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.length ? { key: first.group_key, rows } : null;
}

/** The requests whose delivery state a job's outcome is shown on: its own, or its group's answered ones. */
async function deliveredRequests(db: DbOrTrx, job: ClaimedJob): Promise<string[]> {
  if (!job.request_id || job.kind === 'stop') return [];
  if (job.kind === 'answer') return [job.request_id];
  const group = await groupMembers(db, job.request_id);
  return group ? group.rows.filter((r) => r.status === 'answered').map((r) => r.id) : [];
}

/**
 * Puts a claimed job back unsent while its run's answers are held: the claim is not counted as an
 * attempt, the request shows why it waits, and lifting the hold (in ingestion) makes the job due again.
 */
export async function holdDelivery(
  ctx: DomainContext,
  job: ClaimedJob,
  reason: string,
): Promise<boolean> {
  const at = ctx.now().toISOString();
  const recheck = new Date(ctx.now().getTime() + heldRecheckMs).toISOString();
  return commit(ctx, async (trx, emit) => {
    const released = await trx
      .updateTable('deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '-', 1),
        locked_until: null,
        lease_token: null,
        last_error: reason,
        next_attempt_at: recheck,
        updated_at: at,
      }))
      .where('id', '=', job.id)
      .where('lease_token', '=', job.leaseToken)
      .executeTakeFirst();
    if (Number(released.numUpdatedRows) !== 1) return false;
    for (const id of await deliveredRequests(trx, job)) {
      await setRequestDelivery(
        trx,
        emit,
        { id, runId: job.run_id },
        { status: 'pending', attempts: job.attempts - 1, lastError: reason },
        at,
      );
    }
    return true;
  });
}

/**
 * Records an attempt's outcome in one transaction: the job (only while this worker still holds its
 * lease), the request's delivery state, and the timeline; then the source's health. False when the lease
 * was lost meanwhile (another worker owns the job now, and this outcome is dropped).
 */
export async function settleDelivery(
  ctx: DomainContext,
  job: ClaimedJob,
  result: DeliveryResult,
  platform: { label: string; reached: boolean },
  backoff: BackoffOptions,
): Promise<boolean> {
  const at = ctx.now().toISOString();
  const update = toUpdate(job, result, platform.label, backoff, ctx.now());
  const settled = await commit(ctx, async (trx, emit) => {
    if (!(await settleJob(trx, job, update, at))) return false;
    if (update.status === 'failed') await notifyDeliveryFailed(trx, job, at);
    for (const id of await deliveredRequests(trx, job)) {
      await setRequestDelivery(
        trx,
        emit,
        { id, runId: job.run_id },
        { status: update.status, attempts: job.attempts, lastError: update.lastError },
        at,
      );
    }
    const entry = timelineEntry(
      job,
      update,
      platform.label,
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
  if (platform.reached) {
    await recordHealth(
      ctx.db,
      job.source_id,
      result.outcome === 'ok' ? { ok: true } : { ok: false, error: result.error },
      at,
    ).catch(() => undefined);
  }
  return settled;
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

/** Tells webhooks (and, later, other channels) that an answer or stop could not be sent. */
async function notifyDeliveryFailed(trx: DbOrTrx, job: ClaimedJob, at: string): Promise<void> {
  const event = job.request_id
    ? await requestEvent(trx, job.request_id, () => 'delivery.failed')
    : {
        name: 'delivery.failed' as const,
        runId: job.run_id,
        requestId: null,
        kind: null,
        status: null,
        sourceId: job.source_id,
      };
  if (event) await notify(trx, [event], at);
}
