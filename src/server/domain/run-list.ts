import { sql } from 'kysely';
import type * as z from 'zod/mini';
import type { List } from '../../shared/common';
import {
  finishedRunStatuses,
  runStatuses,
  type runListQuerySchema,
  type RunStatus,
  type RunSummary,
} from '../../shared/runs';
import { isPostgres } from '../db/database';
import type { DbOrTrx } from '../db/schema';
import { ApiError } from '../lib/api-error';
import { runColumns, toRunSummary } from './mappers';

/** The query as sent, plus who asks and their groups when it names a queue (so pages cache per person). */
export type RunListQuery = z.output<typeof runListQuerySchema> & {
  viewer?: { userId: string; teamIds: string[] };
};

function parseStatuses(value: string | undefined): RunStatus[] | undefined {
  if (!value) return undefined;
  const statuses = new Set<RunStatus>();
  for (const part of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (part === 'finished') finishedRunStatuses.forEach((s) => statuses.add(s));
    else if ((runStatuses as readonly string[]).includes(part)) statuses.add(part as RunStatus);
    else
      throw new ApiError(400, 'bad_request', `Unknown status ${part}`, {
        status: `Unknown status ${part}`,
      });
  }
  return [...statuses];
}

function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, 'bad_request', 'The cursor is not valid', {
    cursor: 'Not a cursor from this list',
  });
}

function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * Above this many candidates, reading runs in list order and testing each finds a page sooner than
 * fetching and sorting every candidate: matches are then at least one run in twenty.
 */
const maxSearchCandidates = 50_000;

/**
 * On SQLite, the runs whose searchable text may hold `q` (the trigram index of migration 0012), when
 * they are few enough to be worth reading alone; null when the list should test runs in order instead
 * (a word shorter than three characters, which trigrams cannot find, or one most runs hold). The index
 * only narrows: the LIKE conditions still decide, so wildcards in `q` may widen it harmlessly.
 */
async function searchCandidates(db: DbOrTrx, q: string): Promise<boolean> {
  if (isPostgres(db) || [...q].length < 3) return false;
  const pattern = `%${q}%`;
  const { rows } = await sql<{ n: number }>`select count(*) as n from (
    select 1 from run_search where body like ${pattern} limit ${maxSearchCandidates + 1})`.execute(
    db,
  );
  return Number(rows[0]?.n) <= maxSearchCandidates;
}

/** One page of runs. Activity order is newest updatedAt first; urgency order is soonest expiry, then longest waiting. */
export async function listRuns(db: DbOrTrx, query: RunListQuery): Promise<List<RunSummary>> {
  const sortColumn = query.sort === 'urgency' ? 'urgency_key' : 'updated_at';
  const rows = await (await runListSelect(db, query)).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor(last[sortColumn], last.id) : null;
  return { items: page.map(toRunSummary), nextCursor };
}

/** The query of one page (one row more, to know whether another page follows); the tests explain it. */
export async function runListSelect(db: DbOrTrx, query: RunListQuery) {
  const statuses = parseStatuses(query.status);
  const sortColumn = query.sort === 'urgency' ? 'urgency_key' : 'updated_at';
  const direction = query.sort === 'urgency' ? 'asc' : 'desc';

  let select = db
    .selectFrom('runs')
    .select([...runColumns.map((column) => `runs.${column}` as const), 'runs.urgency_key']);
  if (statuses) select = select.where('runs.status', 'in', statuses);
  if (query.source) select = select.where('runs.source_id', '=', query.source);
  if (query.kind) {
    const kind = query.kind;
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('requests')
          .select('requests.id')
          .whereRef('requests.run_id', '=', 'runs.id')
          .where('requests.status', '=', 'pending')
          .where('requests.kind', '=', kind),
      ),
    );
  }
  if (query.assigned) {
    const assigned = query.assigned;
    const viewer = query.viewer ?? { userId: '', teamIds: [] };
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('requests')
          .select('requests.id')
          .whereRef('requests.run_id', '=', 'runs.id')
          .where('requests.status', '=', 'pending')
          .where((r) => {
            if (assigned === 'mine') return r('requests.assignee_id', '=', viewer.userId);
            if (assigned === 'unassigned') return r('requests.assignee_id', 'is', null);
            return viewer.teamIds.length > 0
              ? r('requests.team_id', 'in', viewer.teamIds)
              : r.lit(false);
          }),
      ),
    );
  }
  if (query.asked) {
    select = select.where((eb) =>
      eb.exists(
        eb.selectFrom('requests').select('requests.id').whereRef('requests.run_id', '=', 'runs.id'),
      ),
    );
  }
  if (query.q?.trim()) {
    const q = query.q.trim();
    if (await searchCandidates(db, q)) {
      const candidates = `%${q}%`;
      select = select.where(
        sql<boolean>`runs.rowid in (select rowid from run_search where body like ${candidates})`,
      );
    }
    const pattern = likePattern(q);
    const like = sql`${pattern} escape '\\'`;
    select = select.where((eb) =>
      eb.or([
        eb(sql`lower(runs.title)`, 'like', like),
        eb(sql`lower(runs.customer)`, 'like', like),
        eb(sql`lower(runs.external_id)`, 'like', like),
        ...(query.search === 'answers'
          ? [
              // The stored answer is its JSON text: notes, feedback and field values are all in it.
              eb.exists(
                eb
                  .selectFrom('requests')
                  .select('requests.id')
                  .whereRef('requests.run_id', '=', 'runs.id')
                  .where((r) =>
                    r.or([
                      r(sql`lower(requests.response)`, 'like', like),
                      r(sql`lower(requests.answered_by)`, 'like', like),
                    ]),
                  ),
              ),
            ]
          : []),
      ]),
    );
  }
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor);
    const op = direction === 'asc' ? '>' : '<';
    select = select.where((eb) =>
      eb.or([
        eb(`runs.${sortColumn}`, op, value),
        eb.and([eb(`runs.${sortColumn}`, '=', value), eb('runs.id', op, id)]),
      ]),
    );
  }
  return select
    .orderBy(`runs.${sortColumn}`, direction)
    .orderBy('runs.id', direction)
    .limit(query.limit + 1);
}
