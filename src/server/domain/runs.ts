import type * as z from 'zod/mini';
import type {
  createEventSchema,
  createRunSchema,
  Run,
  RunDetail,
  TimelineEvent,
  updateRunSchema,
} from '../../shared/runs';
import type { DbOrTrx, RunRow } from '../db/schema';
import { enqueueStopDelivery } from './outbox';
import { ApiError } from '../lib/api-error';
import { newId } from '../lib/ids';
import { toJsonColumn } from '../lib/json-column';
import { recordAudit, systemOrigin, type AuditOrigin } from './audit';
import { commit, type Emit } from './commit';
import type { DomainContext } from './context';
import { toRequest, toRun, toTimelineEvent } from './mappers';
import { findRunRow, type RunScope } from './lookups';
import { cancelPendingRequests } from './requests';
import { isFinished, refreshRunState, urgencyKey } from './run-state';
import { addTimelineEvent } from './timeline';

export type CreateRunInput = z.output<typeof createRunSchema>;
export type UpdateRunInput = z.output<typeof updateRunSchema>;
export type CreateEventInput = z.output<typeof createEventSchema>;
export type { RunScope };

export async function createRun(
  ctx: DomainContext,
  sourceId: string,
  input: CreateRunInput,
  via?: string,
): Promise<Run> {
  return commit(ctx, async (trx, emit, at) => {
    const row = await insertRun(
      trx,
      emit,
      {
        sourceId,
        externalId: input.externalId ?? null,
        title: input.title,
        customer: input.customer ?? null,
        liveUrl: input.liveUrl ?? null,
        metadata: input.metadata ?? {},
        via,
      },
      at,
    );
    return toRun(row);
  });
}

export type NewRun = {
  sourceId: string;
  externalId: string | null;
  title: string;
  customer: string | null;
  liveUrl: string | null;
  metadata: Record<string, unknown>;
  /** What a connector needs to address the run on its platform; absent for native runs. */
  externalData?: Record<string, unknown>;
  /** The platform's name, for the timeline ("Run started on Dari: …"). */
  platformLabel?: string;
  /** How a native agent reached us when not by the REST API, for the timeline ("Run started over MCP: …"). */
  via?: string;
  /** Why answers to it are kept instead of sent, until the platform says where they go. */
  deliveryHold?: string | null;
};

/** Inserts a new running run with its first timeline entry; every way a run begins comes through here. */
export async function insertRun(
  trx: DbOrTrx,
  emit: Emit,
  run: NewRun,
  at: string,
): Promise<RunRow> {
  const row: RunRow = {
    id: newId('run'),
    source_id: run.sourceId,
    external_id: run.externalId,
    title: run.title,
    status: 'running',
    customer: run.customer,
    live_url: run.liveUrl,
    metadata: toJsonColumn(run.metadata),
    created_at: at,
    updated_at: at,
    waiting_since: null,
    next_expires_at: null,
    escalated_to_team_id: null,
    pending_count: 0,
    pending_kinds: '[]',
    urgency_key: urgencyKey(null, null),
    external_data: run.externalData ? toJsonColumn(run.externalData) : null,
    delivery_hold: run.deliveryHold ?? null,
  };
  await trx.insertInto('runs').values(row).execute();
  const on = run.platformLabel ? ` on ${run.platformLabel}` : run.via ? ` over ${run.via}` : '';
  await addTimelineEvent(
    trx,
    {
      runId: row.id,
      type: 'run.created',
      message: `Run started${on}: ${row.title}`,
      actor: 'agent',
    },
    at,
  );
  emit({ type: 'run.created', runId: row.id, requestId: null });
  return row;
}

function describeUpdate(before: RunRow, input: UpdateRunInput): string {
  const parts: string[] = [];
  if (input.status !== undefined && input.status !== before.status)
    parts.push(`status ${input.status}`);
  if (input.title !== undefined && input.title !== before.title) parts.push('title');
  if (input.liveUrl !== undefined && input.liveUrl !== before.live_url) {
    parts.push(input.liveUrl ? 'live view' : 'live view removed');
  }
  if (input.metadata !== undefined) parts.push('metadata');
  return parts.length ? `Updated ${parts.join(', ')}` : 'Updated';
}

export async function updateRun(
  ctx: DomainContext,
  scope: RunScope,
  runId: string,
  input: UpdateRunInput,
): Promise<Run> {
  return commit(ctx, async (trx, emit, at) => {
    const before = await findRunRow(trx, runId, scope);
    const statusChanges = input.status !== undefined && input.status !== before.status;
    await trx
      .updateTable('runs')
      .set({
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.liveUrl !== undefined ? { live_url: input.liveUrl } : {}),
        ...(input.metadata !== undefined ? { metadata: toJsonColumn(input.metadata) } : {}),
        ...(statusChanges ? { status: input.status } : {}),
        updated_at: at,
      })
      .where('id', '=', runId)
      .execute();
    await addTimelineEvent(
      trx,
      { runId, type: 'run.updated', message: describeUpdate(before, input), actor: 'agent' },
      at,
    );
    if (statusChanges && input.status !== undefined && isFinished(input.status)) {
      await cancelPendingRequests(trx, emit, runId, 'agent', `Cancelled: run ${input.status}`, at);
    }
    await refreshRunState(trx, runId, at);
    emit({ type: 'run.updated', runId, requestId: null });
    return toRun(await findRunRow(trx, runId, 'all'));
  });
}

export async function addRunEvent(
  ctx: DomainContext,
  scope: RunScope,
  runId: string,
  input: CreateEventInput,
): Promise<TimelineEvent> {
  return commit(ctx, async (trx, emit, at) => {
    await findRunRow(trx, runId, scope);
    const id = await addTimelineEvent(
      trx,
      { runId, type: input.type, message: input.message, data: input.data ?? null, actor: 'agent' },
      at,
    );
    await trx.updateTable('runs').set({ updated_at: at }).where('id', '=', runId).execute();
    emit({ type: 'run.updated', runId, requestId: null });
    const row = await trx
      .selectFrom('timeline_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return toTimelineEvent(row);
  });
}

export async function stopRun(
  ctx: DomainContext,
  runId: string,
  username: string,
  origin: AuditOrigin = systemOrigin(username),
): Promise<Run> {
  return commit(ctx, async (trx, emit, at) => {
    const before = await findRunRow(trx, runId, 'all');
    if (before.status === 'stopped') return toRun(before);
    if (isFinished(before.status)) {
      throw new ApiError(409, 'conflict', `The run has already ${before.status}`);
    }
    await trx
      .updateTable('runs')
      .set({ status: 'stopped', updated_at: at })
      .where('id', '=', runId)
      .execute();
    await addTimelineEvent(
      trx,
      { runId, type: 'run.stopped', message: `${username} stopped the run`, actor: username },
      at,
    );
    await cancelPendingRequests(
      trx,
      emit,
      runId,
      username,
      `Cancelled: ${username} stopped the run`,
      at,
    );
    await recordAudit(
      trx,
      origin,
      {
        action: 'run.stopped',
        summary: `${username} stopped the run "${before.title}"`,
        targetType: 'run',
        targetId: runId,
        runId,
      },
      at,
    );
    await enqueueStopDelivery(trx, runId, at);
    await refreshRunState(trx, runId, at);
    emit({ type: 'run.updated', runId, requestId: null });
    return toRun(await findRunRow(trx, runId, 'all'));
  });
}

export async function getRunDetail(
  db: DbOrTrx,
  runId: string,
  scope: RunScope,
): Promise<RunDetail> {
  const run = await findRunRow(db, runId, scope);
  const [requests, timeline] = await Promise.all([
    db
      .selectFrom('requests')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('timeline_events')
      .selectAll()
      .where('run_id', '=', runId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...toRun(run),
    requests: requests.map(toRequest),
    timeline: timeline.map(toTimelineEvent),
  };
}
