/** A unique-constraint failure from SQLite (better-sqlite3) or PostgreSQL (pg, SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505'
  );
}

/**
 * A PostgreSQL transaction aborted only because it collided with another (deadlock_detected,
 * serialization_failure): running it again is safe and usually succeeds.
 */
export function isTransientConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  return code === '40P01' || code === '40001';
}

const sqliteStorageCodes = [
  'SQLITE_FULL',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
];
/** PostgreSQL SQLSTATEs and classes that mean the database cannot serve anyone right now. */
const postgresStorageStates = new Set(['57P01', '57P02', '57P03', '25006']);
const postgresStorageClasses = new Set(['08', '53', '58']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOSPC']);

/**
 * The database cannot store or read anything at the moment (disk full, I/O error, read-only or missing
 * file, locked past the busy timeout, server down or out of space): no fault of the request, and it may
 * pass once an operator has acted.
 */
export function isStorageFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = (error as { code: unknown }).code;
  if (typeof code !== 'string') return false;
  // Extended SQLite codes name the base code first: SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED.
  if (sqliteStorageCodes.some((base) => code === base || code.startsWith(`${base}_`))) return true;
  if (/^[0-9A-Z]{5}$/.test(code)) {
    return postgresStorageStates.has(code) || postgresStorageClasses.has(code.slice(0, 2));
  }
  return networkCodes.has(code);
}
