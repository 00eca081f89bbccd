import { describe, expect, it } from 'vitest';
import { isStorageFailure } from './errors';

const withCode = (code: unknown) => Object.assign(new Error('x'), { code });

describe('storage failures', () => {
  it('are the errors that say the database cannot be used, not the request is wrong', () => {
    for (const code of [
      'SQLITE_FULL',
      'SQLITE_IOERR_WRITE',
      'SQLITE_READONLY_DBMOVED',
      'SQLITE_BUSY',
      '53100', // disk_full
      '58030', // io_error
      '08006', // connection_failure
      '57P01', // admin_shutdown
      '25006', // read_only_sql_transaction
      'ECONNREFUSED',
    ]) {
      expect(isStorageFailure(withCode(code)), code).toBe(true);
    }
    for (const code of [
      'SQLITE_CONSTRAINT_UNIQUE',
      'SQLITE_ERROR',
      '23505',
      '40P01',
      '22P02',
      42,
    ]) {
      expect(isStorageFailure(withCode(code)), String(code)).toBe(false);
    }
    expect(isStorageFailure(new Error('database or disk is full'))).toBe(false);
    expect(isStorageFailure(null)).toBe(false);
  });
});
