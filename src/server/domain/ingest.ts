import * as z from 'zod/mini';
import { issuesToDetails } from '../../shared/errors';
import { createRequestSchema, type CreateRequest } from '../../shared/requests';
import type { DbOrTrx, RunRow } from '../db/schema';
import { isUniqueViolation } from '../db/errors';
import { commit, type Emit } from './commit';
import type { DomainContext } from './context';
import { cancelPendingRequests, insertRequest, kindLabels } from './requests';
import { isFinished, refreshRunState } from './run-state';
import { enqueueGroupReply } from './outbox';
import { insertRun } from './runs';
import { addTimelineEvent } from './timeline';
import { fromJsonColumn, toJsonColumn } from '../lib/json-column';
import { usableId, type NormalizedEvent, type NormalizedRun } from '../connectors/connector';

export type IngestSource = { id: string; name: string; label: string };
export type IngestSummary = { runsCreated: number; requestsCreated: number; problems: string[] };

/**
 * Upserts what a connector observed. Runs are keyed by (source id, run externalId) and requests by (run,
 * request externalId), both unique in the database, so the same pause seen by a webhook and by a poll,
 * in any order or at once, makes one request. `observedAt` is when the platform was asked: only pending
 * requests created before it can be cancelled as resolved on the platform.
 */
export async function ingestEvents(
  ctx: DomainContext,
  source: IngestSource,
  events: readonly NormalizedEvent[],
  observedAt: string,
): Promise<IngestSummary> {
  const summary: IngestSummary = { runsCreated: 0, requestsCreated: 0, problems: [] };
  summary.problems.push(...events.flatMap((event) => event.problems ?? []));
  for (const event of usableEvents(events, summary)) {
    for (let tries = 0; ; tries += 1) {
      try {
        await commit(ctx, (trx, emit, at) =>
          ingestOne(trx, emit, source, event, observedAt, at, summary),
        );
        break;
      } catch (error) {
        // Another process inserted the same run or request between our read and write: read it again.
        if (!isUniqueViolation(error) || tries >= 2) throw error;
      }
    }
  }
  return summary;
}

/**
 * Runs and requests are keyed by their platform ids, so an id that is not a usable string (a connector
 * let `null` or `{}` through) would make a new request on every push or fail the insert. Such an event
 * is left out and named among the problems, which the caller records on the source's health.
 */
function usableEvents(events: readonly NormalizedEvent[], summary: IngestSummary) {
  return events.filter((event) => {
    const ids = [event.run.externalId, ...event.requests.map((r) => r.externalId)];
    const bad = ids.find((id) => usableId(id) === null);
    if (bad === undefined) return true;
    summary.problems.push(
      `Skipped an event naming an unusable id: ${JSON.stringify(bad) ?? String(bad)}`,
    );
    return false;
  });
}

async function ingestOne(
  trx: DbOrTrx,
  emit: Emit,
  source: IngestSource,
  event: NormalizedEvent,
  observedAt: string,
  at: string,
  summary: IngestSummary,
): Promise<void> {
  const existing = await trx
    .selectFrom('runs')
    .selectAll()
    .where('source_id', '=', source.id)
    .where('external_id', '=', event.run.externalId)
    .executeTakeFirst();
  if (!existing && isFinished(event.run.status ?? 'running') && event.requests.length === 0) return;
  const run = existing ?? (await insertSourceRun(trx, emit, source, event.run, at));
  if (!existing) summary.runsCreated += 1;
  let changed = existing ? await updateRun(trx, emit, source, run, event.run, at) : true;

  if (!isFinished(run.status) && !isFinished(event.run.status ?? 'running')) {
    const known = await trx
      .selectFrom('requests')
      .select(['external_id'])
      .where('run_id', '=', run.id)
      .where('external_id', 'is not', null)
      .execute();
    const knownIds = new Set(known.map((r) => r.external_id));
    const createdGroups = new Set<string>();
    for (const item of event.requests) {
      if (knownIds.has(item.externalId)) continue;
      const parsed = z.safeParse(createRequestSchema, withConnectorDefaults(item.request));
      if (!parsed.success) {
        const details = Object.entries(issuesToDetails(parsed.error.issues))
          .map(([path, message]) => `${path}: ${message}`)
          .join('; ');
        summary.problems.push(`Skipped request ${item.externalId}: ${details}`);
        continue;
      }
      const expiresAt = parsed.data.expiresAt
        ? new Date(parsed.data.expiresAt).toISOString()
        : null;
      await insertRequest(trx, emit, run, parsed.data, expiresAt, at, {
        externalId: item.externalId,
        externalData: item.externalData ?? {},
      });
      knownIds.add(item.externalId);
      summary.requestsCreated += 1;
      changed = true;
      if (parsed.data.group) createdGroups.add(parsed.data.group);
    }
    // A group whose members rules answered as they came in is complete only now.
    for (const group of createdGroups) await enqueueGroupReply(trx, run.id, group, at);
  }

  if (event.complete) {
    const open = new Set(event.requests.map((r) => r.externalId));
    const stale = await trx
      .selectFrom('requests')
      .select(['id', 'kind', 'external_id', 'group_key'])
      .where('run_id', '=', run.id)
      .where('status', '=', 'pending')
      .where('external_id', 'is not', null)
      .where('created_at', '<', observedAt)
      .execute();
    for (const request of stale) {
      if (open.has(request.external_id ?? '')) continue;
      await trx
        .updateTable('requests')
        .set({ status: 'cancelled', updated_at: at })
        .where('id', '=', request.id)
        .where('status', '=', 'pending')
        .execute();
      const kind = kindLabels[request.kind as keyof typeof kindLabels] ?? request.kind;
      await addTimelineEvent(
        trx,
        {
          runId: run.id,
          requestId: request.id,
          type: 'request.cancelled',
          message: `No longer waiting on ${source.label}: the ${kind} was resolved or timed out there`,
          actor: 'system',
        },
        at,
      );
      emit({ type: 'request.updated', runId: run.id, requestId: request.id });
      changed = true;
    }
    const groups = new Set(stale.flatMap((r) => (r.group_key === null ? [] : [r.group_key])));
    for (const group of groups) await enqueueGroupReply(trx, run.id, group, at);
  }

  if (changed) {
    await refreshRunState(trx, run.id, at);
    emit({ type: 'run.updated', runId: run.id, requestId: null });
  }
}

/**
 * The platform has said where the run's answers go: what was kept for it (answers, a stop) is made due
 * now, and the timeline says so. The delivery worker is woken by the run's update.
 */
async function releaseHeldDeliveries(
  trx: DbOrTrx,
  source: IngestSource,
  run: RunRow,
  at: string,
): Promise<void> {
  const released = await trx
    .updateTable('deliveries')
    .set({ next_attempt_at: at, updated_at: at })
    .where('run_id', '=', run.id)
    .where('status', '=', 'pending')
    .where('locked_until', 'is', null)
    .executeTakeFirst();
  const kept = Number(released.numUpdatedRows);
  await addTimelineEvent(
    trx,
    {
      runId: run.id,
      type: 'run.updated',
      message: kept
        ? `${source.label} said where this run's answers go: ${kept === 1 ? 'the answer kept for it is' : `the ${kept} kept for it are`} sent now`
        : `${source.label} said where this run's answers go: they are sent as they come`,
      actor: 'system',
    },
    at,
  );
}

function insertSourceRun(
  trx: DbOrTrx,
  emit: Emit,
  source: IngestSource,
  input: NormalizedRun,
  at: string,
): Promise<RunRow> {
  const title = input.title?.trim() || `${source.name} ${input.externalId}`;
  return insertRun(
    trx,
    emit,
    {
      sourceId: source.id,
      externalId: input.externalId,
      title: title.slice(0, 500),
      customer: input.customer ?? null,
      liveUrl: input.liveUrl ?? null,
      metadata: input.metadata ?? {},
      externalData: input.externalData ?? {},
      platformLabel: source.label,
      deliveryHold: input.deliveryHold ?? null,
    },
    at,
  );
}

/** Applies what changed on the platform; returns whether anything did. A finished run is never reopened. */
async function updateRun(
  trx: DbOrTrx,
  emit: Emit,
  source: IngestSource,
  run: RunRow,
  input: NormalizedRun,
  at: string,
): Promise<boolean> {
  const set: Partial<RunRow> = {};
  if (input.title?.trim() && input.title.trim().slice(0, 500) !== run.title) {
    set.title = input.title.trim().slice(0, 500);
  }
  if (input.liveUrl !== undefined && input.liveUrl !== run.live_url) set.live_url = input.liveUrl;
  if (input.customer !== undefined && input.customer !== run.customer)
    set.customer = input.customer;
  if (input.externalData) {
    const merged = {
      ...fromJsonColumn<Record<string, unknown>>(run.external_data),
      ...input.externalData,
    };
    const text = toJsonColumn(merged);
    if (text !== run.external_data) set.external_data = text;
  }
  const hold = input.deliveryHold === undefined ? run.delivery_hold : input.deliveryHold;
  if (hold !== run.delivery_hold) set.delivery_hold = hold;
  const finishing =
    input.status !== undefined && isFinished(input.status) && !isFinished(run.status);
  if (finishing) set.status = input.status;
  if (Object.keys(set).length === 0) return false;

  await trx
    .updateTable('runs')
    .set({ ...set, updated_at: at })
    .where('id', '=', run.id)
    .execute();
  const held = run.delivery_hold;
  Object.assign(run, set);
  if (held !== null && set.delivery_hold === null)
    await releaseHeldDeliveries(trx, source, run, at);
  if (finishing) {
    await addTimelineEvent(
      trx,
      {
        runId: run.id,
        type: 'run.updated',
        message: `The run ${input.status} on ${source.label}`,
        actor: 'agent',
      },
      at,
    );
    const groups = await cancelPendingRequests(
      trx,
      emit,
      run.id,
      'agent',
      `Cancelled: the run ${input.status} on ${source.label}`,
      at,
    );
    // Answers already given in a group still go out (and say how they fared); a stop by a person
    // (runs.ts) sends none, since the person wants the run stopped, not resumed.
    for (const group of groups) await enqueueGroupReply(trx, run.id, group, at);
  } else if (set.live_url !== undefined || set.title !== undefined) {
    await addTimelineEvent(
      trx,
      {
        runId: run.id,
        type: 'run.updated',
        message: set.live_url !== undefined ? 'Updated live view' : 'Updated title',
        actor: 'agent',
      },
      at,
    );
  }
  return true;
}

/**
 * A platform carries an edited tool input only when its connector says so (`editable: true`); the
 * native API's default of true would otherwise offer an edit the platform then silently drops.
 */
function withConnectorDefaults(request: CreateRequest): CreateRequest {
  return request.kind === 'tool' ? { ...request, editable: request.editable ?? false } : request;
}
