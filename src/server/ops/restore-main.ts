import { env } from '../env';
import { countsTable, runCommand, say } from './cli';
import { restoreSqlite } from './sqlite-backup';

const usage = `npm run restore -- FILE

Stop the server first. Puts the backup FILE in place as the database of COUNTERSIGN_DATA_DIR
(${env.COUNTERSIGN_DATA_DIR}); the database it replaces is kept beside it, renamed, not deleted.
It refuses while any process has the database open.`;

await runCommand(usage, async ([backup, ...rest]) => {
  if (!backup || rest.length > 0) throw new Error(`Name the backup file.\n\n${usage}`);
  const report = await restoreSqlite(backup, env.COUNTERSIGN_DATA_DIR);
  say(`Restored ${backup} as ${report.file}:`);
  say(countsTable(report.counts));
  if (report.keptAs) say(`The database it replaced is kept as ${report.keptAs}.`);
  say('Start the server again (npm start); it migrates the restored database if it is older.');
});
