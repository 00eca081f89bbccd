import type { CreateRequestParsed, Request, RequestKind } from '../../shared/requests';
import { sql } from 'kysely';
import { isPostgres } from '../db/database';
import type { DbOrTrx } from '../db/schema';
import { conflict } from '../lib/api-error';
import { fromJsonColumn } from '../lib/json-column';
import { commit } from './commit';
import type { DomainContext } from './context';
import { getRequest, insertRequest } from './requests';
import { isFinished, refreshRunState } from './run-state';
import { insertRun } from './runs';

/** A request an agent names with its own ids (a run id and a call id), for protocols that poll by them. */
export type KeyedAsk = {
  sourceId: string;
  runKey: string;
  /** The title of the run when this ask starts it. */
  runTitle: string;
  /** Where the agent asked from, for the run's first timeline entry ("Run started on …"). */
  runLabel: string;
  callKey: string;
  input: CreateRequestParsed;
  /** What the agent asked to have back with the request (never shown in the app). */
  keep: Record<string, unknown>;
};

export type KeyedRequest = {
  request: Request;
  runKey: string;
  callKey: string;
  kept: Record<string, unknown>;
};

/**
 * Creates the request once: asking again with the same call id returns the first request, however often
 * and however concurrently it is asked. A call id already used on another run of the source, or for another kind, is a conflict, as
 * is a new call on a run that has finished.
 */
export async function askOnce(ctx: DomainContext, ask: KeyedAsk): Promise<KeyedRequest> {
  const { id, kept } = await commit(ctx, async (trx, emit, at) => {
    await lockSourceAsks(trx, ask.sourceId);
    const existing = await findKeyedRow(trx, ask.sourceId, ask.callKey);
    if (existing) {
      if (existing.run_external_id !== ask.runKey || existing.kind !== ask.input.kind) {
        throw conflict(`The call id ${ask.callKey} is already used by another request`);
      }
      return { id: existing.id, kept: keptOf(existing.external_data) };
    }
    let run = await trx
      .selectFrom('runs')
      .selectAll()
      .where('source_id', '=', ask.sourceId)
      .where('external_id', '=', ask.runKey)
      .orderBy('created_at')
      .executeTakeFirst();
    if (run && isFinished(run.status)) {
      throw conflict(`The run ${ask.runKey} has ${run.status}; it takes no new requests`);
    }
    run ??= await insertRun(
      trx,
      emit,
      {
        sourceId: ask.sourceId,
        externalId: ask.runKey,
        title: ask.runTitle,
        customer: null,
        liveUrl: null,
        metadata: {},
        platformLabel: ask.runLabel,
      },
      at,
    );
    const expiresAt = ask.input.expiresAt ? new Date(ask.input.expiresAt).toISOString() : null;
    const requestId = await insertRequest(trx, emit, run, ask.input, expiresAt, at, {
      externalId: ask.callKey,
      externalData: ask.keep,
    });
    await refreshRunState(trx, run.id, at);
    emit({ type: 'run.updated', runId: run.id, requestId: null });
    return { id: requestId, kept: ask.keep };
  });
  const request = await getRequest(ctx, id, { sourceId: ask.sourceId }, { deliver: false });
  return { request, runKey: ask.runKey, callKey: ask.callKey, kept };
}

/**
 * The request a source's agent named `callKey`, of the given kinds, as the agent reads it (which marks an
 * answer delivered, as the native API's read does); null when there is none.
 */
export async function findKeyedRequest(
  ctx: DomainContext,
  sourceId: string,
  callKey: string,
  kinds: readonly RequestKind[],
  options = { deliver: true },
): Promise<KeyedRequest | null> {
  const row = await findKeyedRow(ctx.db, sourceId, callKey);
  if (!row || !kinds.includes(row.kind as RequestKind)) return null;
  const request = await getRequest(ctx, row.id, { sourceId }, options);
  return {
    request,
    runKey: row.run_external_id ?? '',
    callKey,
    kept: keptOf(row.external_data),
  };
}

function keptOf(column: string | null): Record<string, unknown> {
  return fromJsonColumn<Record<string, unknown>>(column) ?? {};
}

function findKeyedRow(db: DbOrTrx, sourceId: string, callKey: string) {
  return db
    .selectFrom('requests')
    .innerJoin('runs', 'runs.id', 'requests.run_id')
    .select([
      'requests.id',
      'requests.kind',
      'requests.external_data',
      'runs.external_id as run_external_id',
    ])
    .where('runs.source_id', '=', sourceId)
    .where('requests.external_id', '=', callKey)
    .orderBy('requests.created_at')
    .orderBy('requests.id')
    .executeTakeFirst();
}

/**
 * Native runs may share an external id (an agent may reuse one), so no unique key stands between two
 * asks racing to start the same run: on PostgreSQL the source's keyed asks take turns on a lock held to
 * the end of the transaction. SQLite runs one write transaction at a time already.
 */
async function lockSourceAsks(trx: DbOrTrx, sourceId: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`keyed-requests:${sourceId}`}))`.execute(trx);
}
