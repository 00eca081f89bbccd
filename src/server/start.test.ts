import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  // Tests run as root, whom file modes do not stop; these are failures root meets too. A read-only
  // file system gives "the directory is not writable: the file system is read-only (EROFS)".
  it('names the data directory and why it cannot be created', async () => {
    const file = join(dataDir, 'a-file');
    await writeFile(file, '');
    const under = join(file, 'data');
    await expect(
      startServer({ port: 0, dataDir: under, databaseUrl: undefined, quiet: true }),
    ).rejects.toThrow(
      `Cannot create the data directory ${under}: ${file} is a file, not a directory (ENOTDIR). Set COUNTERSIGN_DATA_DIR to a directory this process can write to.`,
    );
  });

  it('names the database file and why it cannot be opened', async () => {
    const file = join(dataDir, 'countersign.db');
    await mkdir(file);
    await expect(
      startServer({ port: 0, dataDir, databaseUrl: undefined, quiet: true }),
    ).rejects.toThrow(
      `Cannot open the database at ${file}: it is a directory, not a file (EISDIR). Set COUNTERSIGN_DATA_DIR to a directory this process can write to.`,
    );
  });

  it('is ready once started (database migrated, delivery worker running), and says so without a session', async () => {
    const server = await start(randomBytes(32).toString('base64'));
    try {
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'ok', deliveryWorker: 'ok' },
      });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
