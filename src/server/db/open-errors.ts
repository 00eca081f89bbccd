import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

const inWords: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'it does not exist',
  ENOSPC: 'the disk is full',
  EISDIR: 'it is a directory, not a file',
  SQLITE_CANTOPEN: 'SQLite cannot open it',
  SQLITE_READONLY: 'SQLite can only read it',
  SQLITE_FULL: 'the disk is full',
  SQLITE_NOTADB: 'it is not a SQLite database',
  SQLITE_CORRUPT: 'the file is damaged',
};

const hint = 'Set COUNTERSIGN_DATA_DIR to a directory this process can write to.';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function reasonOf(error: unknown): string {
  const code = codeOf(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  const words = inWords[code] ?? inWords[code.replace(/_[A-Z]+$/, '')];
  return words
    ? `${words} (${code})`
    : `${error instanceof Error ? error.message : code} (${code})`;
}

/** Why this process cannot write `file` and the directory it lives in, as far as the file system says. */
function whyUnwritable(file: string): string | null {
  const dir = dirname(file);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory (ENOTDIR)`;
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    return `the directory is not writable: ${reasonOf(error)}`;
  }
  try {
    if (statSync(file).isDirectory()) return `${inWords.EISDIR} (EISDIR)`;
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    return `the file is not writable: ${reasonOf(error)}`;
  }
  return null;
}

/** A start-up failure of the SQLite database that says which file and why, for the operator. */
export function cannotOpenSqlite(file: string, error: unknown): Error {
  const reason = whyUnwritable(file) ?? reasonOf(error);
  return new Error(`Cannot open the database at ${file}: ${reason}. ${hint}`, { cause: error });
}

/** The reason the nearest part of `dir` that exists cannot hold a new directory, if the file system says. */
function whyNoSubdirectory(dir: string): string | null {
  for (let at = dirname(dir); ; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return `${at} is a file, not a directory (ENOTDIR)`;
      accessSync(at, constants.W_OK | constants.X_OK);
      return null;
    } catch (error) {
      const code = codeOf(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        return `${at} is not writable: ${reasonOf(error)}`;
      if (dirname(at) === at) return null;
    }
  }
}

export function cannotCreateDataDir(dir: string, error: unknown): Error {
  // Node's recursive mkdir reports ENOENT for most failures; the parent says what is really wrong.
  const reason = whyNoSubdirectory(dir) ?? reasonOf(error);
  return new Error(`Cannot create the data directory ${dir}: ${reason}. ${hint}`, { cause: error });
}
