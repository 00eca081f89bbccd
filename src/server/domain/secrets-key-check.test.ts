import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ephemeralSecretBox } from '../lib/secret-box';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { checkSecretsKey, secretsKeyMismatch } from './secrets-key-check';

describe('checkSecretsKey', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  it('records the first key and accepts it on every later start', async () => {
    const box = ephemeralSecretBox();
    await checkSecretsKey(database.db, box, '2026-11-21T10:00:00.000Z');
    await checkSecretsKey(database.db, box, '2026-11-21T11:00:00.000Z');
    const rows = await database.db.selectFrom('settings').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.created_at).toBe('2026-11-21T10:00:00.000Z');
  });

  it('refuses another key, naming the setting that fixes it', async () => {
    await checkSecretsKey(database.db, ephemeralSecretBox(), '2026-11-21T10:00:00.000Z');
    await expect(
      checkSecretsKey(database.db, ephemeralSecretBox(), '2026-11-21T11:00:00.000Z'),
    ).rejects.toThrow(secretsKeyMismatch);
    expect(secretsKeyMismatch).toContain('COUNTERSIGN_SECRETS_KEY');
  });
});
