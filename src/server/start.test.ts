import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsKeyMismatch } from './domain/secrets-key-check';
import { startServer } from './start';
import { createServerTestDatabase, dropServerTestDatabase } from './testing/test-database';

describe('startServer', () => {
  let dataDir: string;
  let databaseUrl: string | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'countersign-start-'));
    databaseUrl = await createServerTestDatabase();
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await dropServerTestDatabase(databaseUrl);
  });

  const start = (secretsKey: string) =>
    startServer({
      port: 0,
      dataDir,
      databaseUrl,
      secretsKey,
      adminPassword: 'admin-pass',
      quiet: true,
    });

  it('refuses to start with a secrets key other than the one the database was first opened with', async () => {
    const key = randomBytes(32).toString('base64');
    await (await start(key)).close();
    await expect(start(randomBytes(32).toString('base64'))).rejects.toThrow(secretsKeyMismatch);
    const again = await start(key);
    const res = await fetch(`${again.url}/api/v1/me`);
    expect(res.status).toBe(401);
    await again.close();
  });
});
