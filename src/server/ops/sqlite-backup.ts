import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  appliedMigrations,
  assertNotInUse,
  integrityProblems,
  openExistingSqlite,
  rowCounts,
} from './sqlite-file';

export type BackupReport = { file: string; bytes: number; counts: Record<string, number> };

/**
 * Copies a live SQLite database to `target` with SQLite's online backup, while servers keep writing.
 * The copy happens in one step under one read transaction, so it is one consistent moment of the
 * database (in WAL mode writers are not blocked meanwhile); it is written beside the target, checked,
 * and only then given the target's name. An existing target is never overwritten.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupReport> {
  const file = resolve(target);
  if (existsSync(file)) throw new Error(`${file} already exists: choose a new file for the backup`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const db = openExistingSqlite(source);
  try {
    // The first step copies 100 pages; every later one all that remain. A write by another process
    // between steps restarts the copy, which then completes in one step.
    await db.backup(partial, { progress: () => Number.MAX_SAFE_INTEGER });
    const copy = openExistingSqlite(partial);
    let counts: Record<string, number>;
    try {
      const problem = integrityProblems(copy);
      if (problem) throw new Error(`The backup failed its integrity check: ${problem}`);
      copy.pragma('journal_mode = DELETE');
      counts = rowCounts(copy);
    } finally {
      copy.close();
    }
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, counts };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

export type RestoreReport = { file: string; keptAs: string | null; counts: Record<string, number> };

/**
 * Puts a backup in place as `<dataDir>/countersign.db`, refusing while any process has the database
 * open. The database it replaces is kept beside it (`countersign.db.before-restore-<time>`), not deleted.
 */
export async function restoreSqlite(backup: string, dataDir: string): Promise<RestoreReport> {
  const source = openExistingSqlite(resolve(backup));
  let counts: Record<string, number>;
  try {
    const problem = integrityProblems(source);
    if (problem) throw new Error(`${backup} failed its integrity check: ${problem}`);
    if (appliedMigrations(source).length === 0) {
      throw new Error(`${backup} is not a Countersign database (it has no migrations)`);
    }
    counts = rowCounts(source);
    mkdirSync(resolve(dataDir), { recursive: true });
    const file = join(resolve(dataDir), 'countersign.db');
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    await source.backup(partial, { progress: () => Number.MAX_SAFE_INTEGER });
    let keptAs: string | null = null;
    if (existsSync(file)) {
      assertNotInUse(file, 'restoring a backup over it');
      keptAs = `${file}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(file + suffix)) renameSync(file + suffix, keptAs + suffix);
      }
    }
    renameSync(partial, file);
    return { file, keptAs, counts };
  } finally {
    source.close();
  }
}
