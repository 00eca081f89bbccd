import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

/** What search reads of a run, in one text: its title, customer, external id, answers and who gave them. */
const documentOf = (run: 'new' | 'runs') => `
  ${run}.title || char(10) || coalesce(${run}.customer, '') || char(10) ||
  coalesce(${run}.external_id, '') || char(10) ||
  coalesce((select group_concat(coalesce(requests.response, '') || ' ' ||
    coalesce(requests.answered_by, ''), char(10))
    from requests where requests.run_id = ${run}.id and requests.answered_by is not null), '')`;

/**
 * SQLite only: a trigram index of each run's searchable text (FTS5, one row per run under the run's
 * rowid), kept current by triggers, so a search for a word few runs hold reads those runs instead of
 * every run. It narrows the candidates; the list's own LIKE conditions still decide each match, so
 * results are exactly what they were. PostgreSQL keeps its scan (see README, Performance).
 */
export const runSearchMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
    await sql
      .raw(`CREATE VIRTUAL TABLE run_search USING fts5(body, tokenize = 'trigram')`)
      .execute(db);
    await sql
      .raw(
        `INSERT INTO run_search (rowid, body) SELECT runs.rowid, ${documentOf('runs')} FROM runs`,
      )
      .execute(db);
    const statements = [
      `CREATE TRIGGER run_search_insert AFTER INSERT ON runs BEGIN
         INSERT INTO run_search (rowid, body) VALUES (new.rowid, ${documentOf('new')});
       END`,
      `CREATE TRIGGER run_search_update AFTER UPDATE OF title, customer, external_id ON runs BEGIN
         UPDATE run_search SET body = ${documentOf('new')} WHERE rowid = new.rowid;
       END`,
      `CREATE TRIGGER run_search_delete AFTER DELETE ON runs BEGIN
         DELETE FROM run_search WHERE rowid = old.rowid;
       END`,
      `CREATE TRIGGER run_search_answer AFTER UPDATE OF response, answered_by ON requests BEGIN
         UPDATE run_search SET body = (SELECT ${documentOf('runs')} FROM runs WHERE runs.id = new.run_id)
         WHERE rowid = (SELECT rowid FROM runs WHERE runs.id = new.run_id);
       END`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  },
};
