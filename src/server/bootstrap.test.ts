import { describe, expect, it } from 'vitest';
import { bootstrap } from './bootstrap';
import { migrateToLatest, openSqlite } from './db/database';
import { checkCredentials } from './domain/sessions';

describe('bootstrap', () => {
  it('creates admin with a generated password once, and makes the agent token exist', async () => {
    const db = openSqlite(':memory:');
    await migrateToLatest(db);
    const at = new Date().toISOString();
    const first = await bootstrap(db, { agentToken: 'tok-1', at });
    expect(first.generatedAdminPassword).toMatch(/^[\w-]{16}$/);
    expect(await checkCredentials(db, 'admin', first.generatedAdminPassword!)).toMatchObject({
      role: 'admin',
    });

    const second = await bootstrap(db, { adminPassword: 'ignored-now', agentToken: 'tok-1', at });
    expect(second.generatedAdminPassword).toBeNull();
    expect(await checkCredentials(db, 'admin', 'ignored-now')).toBeNull();
    const tokens = await db.selectFrom('agent_tokens').selectAll().execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ source_id: 'native' });
    expect(tokens[0]!.token_hash).not.toBe('tok-1');
    await db.destroy();
  });

  it('migrates an existing database again without changes', async () => {
    const db = openSqlite(':memory:');
    await migrateToLatest(db);
    await migrateToLatest(db);
    const sources = await db.selectFrom('sources').selectAll().execute();
    expect(sources.map((s) => s.id)).toEqual(['native']);
    await db.destroy();
  });
});
