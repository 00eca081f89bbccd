import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from '../database';
import type { Db } from '../schema';
import { claimMatchingRule, listRules } from '../../domain/rules';
import { migrationProvider } from './provider';

let db: Db | undefined;
afterEach(() => db?.destroy());

describe('migration 0008: scoped rules', () => {
  it('keeps an existing rule working as it did: approve, any input, no expiry, no cap', async () => {
    db = openSqlite(':memory:');
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0007-drop-source-config')).error).toBeUndefined();
    await db
      .insertInto('rules')
      .values({
        id: 'rule_old',
        customer: 'cust_1',
        tool: 'refund_order',
        created_by: 'admin',
        created_at: '2026-01-01T00:00:00.000Z',
        fired_count: 4,
        last_fired_at: null,
      } as never)
      .execute();
    await migrateToLatest(db);

    expect(await listRules(db)).toEqual([
      expect.objectContaining({
        id: 'rule_old',
        effect: 'approve',
        match: null,
        expiresAt: null,
        maxUses: null,
        pausedAt: null,
        firedCount: 4,
      }),
    ]);
    const call = { tool: 'refund_order', customer: 'cust_1', input: { amount: 10_000 } };
    const claimed = await claimMatchingRule(db, call, '2030-01-01T00:00:00.000Z');
    expect(claimed?.id).toBe('rule_old');
  });
});
