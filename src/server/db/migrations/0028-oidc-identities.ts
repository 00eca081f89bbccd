import type { Kysely, Migration } from 'kysely';

/** Single sign-on: a person signed in through a provider is found again by its issuer and subject. */
export const oidcIdentitiesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('oidc_issuer', 'text').execute();
    await db.schema.alterTable('users').addColumn('oidc_subject', 'text').execute();
    await db.schema
      .createIndex('users_oidc_identity')
      .on('users')
      .columns(['oidc_issuer', 'oidc_subject'])
      .unique()
      .execute();
  },
};
