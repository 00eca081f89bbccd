import { join } from 'node:path';
import { env, isPostgresUrl } from '../env';
import { runCommand, say } from './cli';
import { copySqliteToPostgres } from './copy-to-postgres';

const usage = `DATABASE_URL=postgres://… npm run migrate:to-postgres [-- SQLITE_FILE]

Copies the SQLite database (default: countersign.db in COUNTERSIGN_DATA_DIR, ${env.COUNTERSIGN_DATA_DIR})
into the empty PostgreSQL database DATABASE_URL names, migrating it first, and checks that every table
arrived whole (row counts and a digest of every row) before committing. Stop the server first; it
refuses a database in use and a PostgreSQL database that already holds data.`;

await runCommand(usage, async ([file, ...rest]) => {
  if (rest.length > 0) throw new Error(usage);
  const url = env.DATABASE_URL;
  if (!isPostgresUrl(url)) {
    throw new Error(`Set DATABASE_URL to the postgres:// URL of an empty database.\n\n${usage}`);
  }
  const sqliteFile = file ?? join(env.COUNTERSIGN_DATA_DIR, 'countersign.db');
  say(`Copying ${sqliteFile} into PostgreSQL…`);
  const report = await copySqliteToPostgres(sqliteFile, url!, {
    onTable: ({ table, rows }) => say(`  ${table.padEnd(18)} ${rows} rows, same content`),
  });
  const total = report.tables.reduce((sum, t) => sum + t.rows, 0);
  say(`Copied and verified ${total} rows in ${report.tables.length} tables; committed.`);
  say();
  say('Next: start every server process with this DATABASE_URL and the same secrets key, e.g.');
  say(`  export COUNTERSIGN_SECRETS_KEY="$(cat ${join(env.COUNTERSIGN_DATA_DIR, 'secrets.key')})"`);
  say(
    '(the key that sealed the platform secrets copied from SQLite; without it the server refuses to start).',
  );
});
