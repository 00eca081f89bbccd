import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start';
import { runOpsCommand } from '../testing/run-command';
import { backupSqlite } from './sqlite-backup';

const agentToken = 'backup-agent-token';
let dataDir: string;
let servers: RunningServer[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-backup-'));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  await rm(dataDir, { recursive: true, force: true });
});

/** A server on SQLite in `dir` (whatever database the rest of the suite runs on). */
async function serve(dir: string) {
  const server = await startServer({
    port: 0,
    dataDir: dir,
    databaseUrl: undefined,
    adminPassword: 'backup-admin-password',
    agentToken,
    quiet: true,
  });
  servers.push(server);
  return server;
}

async function agent(server: RunningServer, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A run waiting on one tool request, created the way an agent does: two writes. */
async function ask(server: RunningServer, i: number) {
  const run = await agent(server, '/runs', {
    title: `Refund ${i}`,
    metadata: { pad: 'x'.repeat(2000) },
  });
  await agent(server, `/runs/${run.body.id}/requests`, {
    kind: 'tool',
    tool: 'refund_order',
    input: { orderId: i },
  });
}

function inspect(file: string) {
  const db = new SqliteDatabase(file, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      runs: db.prepare('select count(*) from runs').pluck().get() as number,
      // Each run's pending count agrees with its requests: no half of a write is in the copy.
      disagreeing: db
        .prepare(
          `select count(*) from runs where pending_count <>
             (select count(*) from requests where run_id = runs.id and status = 'pending')`,
        )
        .pluck()
        .get() as number,
    };
  } finally {
    db.close();
  }
}

describe('npm run backup and npm run restore', () => {
  it('holds every acknowledged write, including those still only in the write-ahead log', async () => {
    const server = await serve(dataDir);
    for (let i = 0; i < 300; i += 1) await ask(server, i);
    const file = join(dataDir, 'backup.db');
    const report = await backupSqlite(join(dataDir, 'countersign.db'), file);
    expect(report.counts.runs).toBe(300);
    expect(report.counts.requests).toBe(300);
    expect(inspect(file)).toEqual({ integrity: 'ok', runs: 300, disagreeing: 0 });
  }, 60_000);

  it('backs up a consistent copy while the server goes on writing, and the copy restores and serves', async () => {
    const server = await serve(dataDir);
    for (let i = 0; i < 100; i += 1) await ask(server, i);
    let written = 100;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await ask(server, written);
        written += 1; // acknowledged
      }
    })();
    const before = written;
    const file = join(dataDir, 'backup.db');
    const result = await runOpsCommand('backup', [file], { COUNTERSIGN_DATA_DIR: dataDir });
    const after = written;
    writing = false;
    await writer;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`to ${file}`);
    expect(result.stdout).toMatch(/integrity ok/);
    expect(after - before, 'runs written while the backup ran').toBeGreaterThan(0);

    const copy = inspect(file);
    expect(copy.integrity).toBe('ok');
    expect(copy.disagreeing).toBe(0);
    expect(copy.runs).toBeGreaterThanOrEqual(before);
    expect(copy.runs).toBeLessThanOrEqual(after + 1);
    expect(await readdir(dataDir)).not.toContain('backup.db.partial');

    // Restored into a new data directory (with the secrets key kept beside the backup), it serves.
    const elsewhere = join(dataDir, 'restored');
    const restored = await runOpsCommand('restore', [file], { COUNTERSIGN_DATA_DIR: elsewhere });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    await copyFile(join(dataDir, 'secrets.key'), join(elsewhere, 'secrets.key'));
    const second = await serve(elsewhere);
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    expect(inspect(join(elsewhere, 'countersign.db')).runs).toBe(copy.runs);
  }, 60_000);

  it('never overwrites a file, and refuses a PostgreSQL DATABASE_URL', async () => {
    const server = await serve(dataDir);
    await ask(server, 1);
    const file = join(dataDir, 'backup.db');
    const done = await runOpsCommand('backup', [file], { COUNTERSIGN_DATA_DIR: dataDir });
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`to ${file}`);
    expect(done.stdout).toMatch(/integrity ok/);
    expect(inspect(file).runs).toBe(1);
    const again = await runOpsCommand('backup', [file], { COUNTERSIGN_DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${file} already exists`);
    const onPostgres = await runOpsCommand('backup', [join(dataDir, 'other.db')], {
      COUNTERSIGN_DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(onPostgres.code).toBe(1);
    expect(onPostgres.stderr).toContain('pg_dump');
  }, 30_000);

  it('refuses to restore while a server has the database open, and keeps the database it replaces', async () => {
    const server = await serve(dataDir);
    await ask(server, 1);
    const file = join(dataDir, 'backup.db');
    expect((await runOpsCommand('backup', [file], { COUNTERSIGN_DATA_DIR: dataDir })).code).toBe(0);
    await ask(server, 2);

    const refused = await runOpsCommand('restore', [file], { COUNTERSIGN_DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is in use (is the server running?)');
    expect(inspect(join(dataDir, 'countersign.db')).runs).toBe(2);

    await server.close();
    servers = [];
    const done = await runOpsCommand('restore', [file], { COUNTERSIGN_DATA_DIR: dataDir });
    expect(done.code).toBe(0);
    expect(inspect(join(dataDir, 'countersign.db')).runs).toBe(1);
    const kept = (await readdir(dataDir)).find((f) =>
      f.startsWith('countersign.db.before-restore-'),
    );
    expect(kept).toBeDefined();
    expect(inspect(join(dataDir, kept!)).runs).toBe(2);
  }, 30_000);
});
