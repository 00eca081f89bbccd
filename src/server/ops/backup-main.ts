import { join } from 'node:path';
import { env, isPostgresUrl } from '../env';
import { countsTable, mebibytes, runCommand, say } from './cli';
import { backupSqlite } from './sqlite-backup';

const usage = `npm run backup -- FILE

Copies the SQLite database in COUNTERSIGN_DATA_DIR (${env.COUNTERSIGN_DATA_DIR}) to FILE while the
server keeps running: one consistent moment of the database, checked before it gets FILE's name.
FILE must not exist yet. Restore it with: npm run restore -- FILE`;

await runCommand(usage, async ([target, ...rest]) => {
  if (!target || rest.length > 0) throw new Error(`Name the file to write.\n\n${usage}`);
  if (isPostgresUrl(env.DATABASE_URL)) {
    throw new Error(
      'DATABASE_URL points at PostgreSQL: back it up with pg_dump; npm run backup copies the SQLite database.',
    );
  }
  const dataDir = env.COUNTERSIGN_DATA_DIR;
  const report = await backupSqlite(join(dataDir, 'countersign.db'), target);
  say(
    `Backed up ${join(dataDir, 'countersign.db')} to ${report.file} (${mebibytes(report.bytes)}, integrity ok):`,
  );
  say(countsTable(report.counts));
  say();
  say(
    `Keep ${join(dataDir, 'secrets.key')} (or COUNTERSIGN_SECRETS_KEY) safe as well: it never changes, and without it the platform secrets in a backup cannot be read.`,
  );
});
