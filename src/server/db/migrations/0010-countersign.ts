import type { Kysely, Migration } from 'kysely';

/**
 * Countersigning: a rule may hold matching requests until several different people approve. The
 * request keeps how many it needs, which rule asked, and the approvals so far (JSON, changed only
 * under the request's row lock).
 */
export const countersignMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('rules').addColumn('approvals', 'integer').execute();
    await db.schema.alterTable('requests').addColumn('approvals_required', 'integer').execute();
    await db.schema.alterTable('requests').addColumn('countersign_rule_id', 'text').execute();
    await db.schema.alterTable('requests').addColumn('approvals', 'text').execute();
  },
};
