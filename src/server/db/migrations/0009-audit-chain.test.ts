import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from '../database';
import type { Db } from '../schema';
import { eachChainedEntry, recordAudit, systemOrigin } from '../../domain/audit';
import { verifyChain } from '../../lib/audit-chain';
import { migrationProvider } from './provider';

let db: Db | undefined;
afterEach(() => db?.destroy());

async function exportText(db: Db): Promise<string> {
  let text = '';
  for await (const line of eachChainedEntry(db, 2)) text += `${JSON.stringify(line)}\n`;
  return text;
}

describe('migration 0009: the audit chain', () => {
  it('chains the entries written before it, and later entries continue the chain', async () => {
    db = openSqlite(':memory:');
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0008-scoped-rules')).error).toBeUndefined();
    for (let i = 0; i < 5; i += 1) {
      await db
        .insertInto('audit_log')
        .values({
          created_at: `2026-01-01T00:00:0${i}.000Z`,
          action: 'rule.created',
          actor: 'admin',
          actor_id: null,
          target_type: 'rule',
          target_id: `rule_${i}`,
          run_id: null,
          summary: `entry ${i}`,
          data: i % 2 ? JSON.stringify({ n: i }) : null,
          ip: null,
          user_agent: null,
        } as never)
        .execute();
    }
    await migrateToLatest(db);
    expect(verifyChain(await exportText(db))).toMatchObject({ intact: true, entries: 5 });

    await recordAudit(
      db,
      systemOrigin('system'),
      { action: 'rule.deleted', summary: 'after the migration' },
      '2026-02-01T00:00:00.000Z',
    );
    const text = await exportText(db);
    expect(verifyChain(text)).toMatchObject({ intact: true, entries: 6 });
    await expect(db.updateTable('audit_log').set({ summary: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});
