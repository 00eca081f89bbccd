import type { Kysely, Migration } from 'kysely';

/**
 * Teams: groups of people (the API's `/groups`; not the requests' own `group_key`), their members, the
 * ordered routes that send a new request to one of them, and each request's team and assignee. The
 * assignee's name is kept beside its id so a request reads whole without a join, even once the user is gone.
 */
export const teamsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('teams')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('team_members')
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('team_members_user')
      .on('team_members')
      .columns(['user_id'])
      .execute();
    await db.schema
      .createTable('team_routes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('is_default', 'integer', (c) => c.notNull())
      .addColumn('source_id', 'text')
      .addColumn('kind', 'text')
      .addColumn('customer', 'text')
      .addColumn('tool', 'text')
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .execute();
    await db.schema.alterTable('requests').addColumn('team_id', 'text').execute();
    await db.schema.alterTable('requests').addColumn('assignee_id', 'text').execute();
    await db.schema.alterTable('requests').addColumn('assignee_name', 'text').execute();
    await db.schema.alterTable('requests').addColumn('claimed_at', 'text').execute();
    await db.schema.createIndex('requests_team').on('requests').columns(['team_id']).execute();
    await db.schema
      .createIndex('requests_assignee')
      .on('requests')
      .columns(['assignee_id'])
      .execute();
  },
};
