import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresClientConfig } from '../../src/server/db/database';
import { env } from '../../src/server/env';
import { startServer, type RunningServer } from '../../src/server/start';
import { runOpsCommand } from '../../src/server/testing/run-command';
import {
  createPostgresTestDatabase,
  dropPostgresTestDatabase,
} from '../../src/server/testing/test-database';

const adminPassword = 'migrate-admin-password';
const agentToken = 'migrate-agent-token';
let dataDir: string;
const databases: string[] = [];

/** A new database with nothing in it (not even migrations), as an operator creates one. */
async function emptyDatabase(): Promise<string> {
  const base = new URL(env.COUNTERSIGN_TEST_DATABASE_URL!);
  const name = `countersign_ops_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client(postgresClientConfig(base.toString()));
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  base.pathname = `/${name}`;
  databases.push(base.toString());
  return base.toString();
}

type Session = { server: RunningServer; cookie: string };

async function signIn(server: RunningServer): Promise<Session> {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  expect(res.status).toBe(200);
  return { server, cookie: res.headers.get('Set-Cookie')!.split(';')[0]! };
}

async function api(s: Session, method: string, path: string, body?: unknown, agent = false) {
  const res = await fetch(`${s.server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(agent ? { Authorization: `Bearer ${agentToken}` } : { Cookie: s.cookie }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies loosely after asserting the status
  return { status: res.status, body: (await res.json()) as any };
}

/** What a person sees of the data: runs with their requests, sources, users, tokens, rules, audit. */
async function snapshot(s: Session) {
  const runs = (await api(s, 'GET', '/runs?asked=1&limit=500')).body.items;
  const details = [];
  for (const run of runs) details.push((await api(s, 'GET', `/runs/${run.id}`)).body);
  return {
    runs: details,
    // The webhook URL names the server's own (test) port.
    sources: (await api(s, 'GET', '/sources')).body.items.map(
      (source: { webhookUrl: string | null }) => ({
        ...source,
        webhookUrl: source.webhookUrl?.replace(/^https?:\/\/[^/]+/, ''),
      }),
    ),
    // Signing in to look changes these two.
    users: (await api(s, 'GET', '/users')).body.items.map(
      ({ activeSessions: _a, lastSignInAt: _l, ...user }: Record<string, unknown>) => user,
    ),
    tokens: (await api(s, 'GET', '/agent-tokens')).body,
    rules: (await api(s, 'GET', '/rules')).body,
    audit: (await api(s, 'GET', '/audit?limit=500')).body,
  };
}

let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'countersign-migrate-'));
  const server = await startServer({
    port: 0,
    dataDir,
    databaseUrl: undefined,
    adminPassword,
    agentToken,
    quiet: true,
  });
  const s = await signIn(server);
  expect(
    (
      await api(s, 'POST', '/users', {
        username: 'rita',
        password: 'rita-password-1',
        role: 'reviewer',
      })
    ).status,
  ).toBe(201);
  expect((await api(s, 'POST', '/agent-tokens', { name: 'ci agent' })).status).toBe(201);
  const source = await api(s, 'POST', '/sources', {
    kind: 'm8tes',
    name: 'm8tes prod',
    baseUrl: 'https://m8tes.example',
    secrets: { apiKey: 'm8_secret_key', webhookSecret: 'whsec_secret' },
  });
  expect(source.status).toBe(201);
  for (let i = 0; i < 30; i += 1) {
    const run = (
      await api(s, 'POST', '/runs', { title: `Refund ${i}`, customer: `c${i % 3}` }, true)
    ).body;
    const request = (
      await api(
        s,
        'POST',
        `/runs/${run.id}/requests`,
        { kind: 'tool', tool: 'refund_order', input: { i } },
        true,
      )
    ).body;
    // Once run 0's answer remembered the tool for c0, later c0 calls are approved by that rule.
    if (i % 2 === 0 && request.status === 'pending') {
      const answer = { decision: 'approve', ...(i === 0 ? { remember: true } : {}) };
      expect((await api(s, 'POST', `/requests/${request.id}/response`, answer)).status).toBe(200);
    }
  }
  before = await snapshot(s);
  await server.close();
}, 120_000);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  for (const url of databases) await dropPostgresTestDatabase(url);
});

describe('npm run migrate:to-postgres', () => {
  it('copies everything into an empty database, where a server then serves it as before', async () => {
    const url = await emptyDatabase();
    const result = await runOpsCommand('migrate-to-postgres', [], {
      COUNTERSIGN_DATA_DIR: dataDir,
      DATABASE_URL: url,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/runs\s+30 rows, same content/);
    expect(result.stdout).toMatch(/audit_log\s+\d+ rows, same content/);
    expect(result.stdout).toContain('committed');

    const secretsKey = (await readFile(join(dataDir, 'secrets.key'), 'utf8')).trim();
    const server = await startServer({
      port: 0,
      dataDir,
      databaseUrl: url,
      secretsKey,
      agentToken,
      quiet: true,
    });
    try {
      const s = await signIn(server);
      const after = await snapshot(s);
      // The sign-in just made adds one audit entry at the top; everything else reads as it did.
      expect(after.audit.items.slice(1)).toEqual(before.audit.items);
      expect({ ...after, audit: null }).toEqual({ ...before, audit: null });
      // Ids taken from sequences continue after the copied ones.
      const run = await api(s, 'POST', '/runs', { title: 'After the move' }, true);
      expect(run.status).toBe(201);
      const seq = (entry: { id: string }) => Number(entry.id.slice('aud_'.length));
      const newest = (await api(s, 'GET', '/audit?limit=1')).body.items[0];
      expect(seq(newest)).toBeGreaterThan(seq(before.audit.items[0]));
    } finally {
      await server.close();
    }

    const again = await runOpsCommand('migrate-to-postgres', [], {
      COUNTERSIGN_DATA_DIR: dataDir,
      DATABASE_URL: url,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The PostgreSQL database is not empty');
  }, 120_000);

  it('copies into a database a server has already migrated (but never used)', async () => {
    const url = await createPostgresTestDatabase();
    databases.push(url);
    const result = await runOpsCommand('migrate-to-postgres', [join(dataDir, 'countersign.db')], {
      DATABASE_URL: url,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  it('refuses a copy whose audit chain breaks, committing nothing', async () => {
    const tamperedDir = await mkdtemp(join(tmpdir(), 'countersign-tampered-'));
    try {
      const file = join(tamperedDir, 'countersign.db');
      await copyFile(join(dataDir, 'countersign.db'), file);
      const sqlite = new Sqlite(file);
      sqlite.exec('DROP TRIGGER audit_log_no_update');
      sqlite.exec(
        `UPDATE audit_log SET summary = 'nothing happened' WHERE seq = (SELECT min(seq) FROM audit_log)`,
      );
      sqlite.close();
      const url = await emptyDatabase();
      const result = await runOpsCommand('migrate-to-postgres', [file], { DATABASE_URL: url });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/The audit chain breaks at entry aud_\S+ after the copy/);
      const client = new pg.Client(postgresClientConfig(url));
      await client.connect();
      const { rows } = await client.query('select count(*)::int as n from runs');
      await client.end();
      expect(rows[0].n).toBe(0);
    } finally {
      await rm(tamperedDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a SQLite database a server still has open, leaving the target untouched', async () => {
    const server = await startServer({ port: 0, dataDir, databaseUrl: undefined, quiet: true });
    const url = await emptyDatabase();
    try {
      const result = await runOpsCommand('migrate-to-postgres', [], {
        COUNTERSIGN_DATA_DIR: dataDir,
        DATABASE_URL: url,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('is in use (is the server running?)');
    } finally {
      await server.close();
    }
    const client = new pg.Client(postgresClientConfig(url));
    await client.connect();
    const { rows } = await client.query(
      `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    await client.end();
    expect(rows[0].n).toBe(0);
  }, 60_000);
});
