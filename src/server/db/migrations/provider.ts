import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial';
import { connectorsMigration } from './0002-connectors';
import { peopleAndAuditMigration } from './0003-people-and-audit';
import { postgresCollationMigration } from './0004-postgres-collation';
import { settingsMigration } from './0005-settings';
import { oidcIdentitiesMigration } from './0028-oidc-identities';
import { signInFailuresMigration } from './0006-sign-in-failures';
import { dropSourceConfigMigration } from './0007-drop-source-config';
import { scopedRulesMigration } from './0008-scoped-rules';
import { auditChainMigration } from './0009-audit-chain';
import { countersignMigration } from './0010-countersign';
import { runSearchMigration } from './0012-run-search';
import { runSearchPostgresMigration } from './0013-run-search-postgres';
import { webhookDeliveriesMigration } from './0016-webhook-deliveries';
import { runDeliveryHoldMigration } from './0017-run-delivery-hold';
import { requestGroupsMigration } from './0018-request-groups';
import { notificationsMigration } from './0019-notifications';
import { teamsMigration } from './0024-teams';
import { expiryPolicyMigration } from './0025-expiry-policy';
import { slackMigration } from './0020-slack';
import { runPresenceMigration } from './0026-run-presence';
import { webPushMigration } from './0022-web-push';

/** Migrations live in code (not read from disk) so they run the same from source, tests and bundles. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001-initial': initialMigration,
      '0002-connectors': connectorsMigration,
      '0003-people-and-audit': peopleAndAuditMigration,
      '0004-postgres-collation': postgresCollationMigration,
      '0005-settings': settingsMigration,
      '0006-sign-in-failures': signInFailuresMigration,
      '0007-drop-source-config': dropSourceConfigMigration,
      '0008-scoped-rules': scopedRulesMigration,
      '0009-audit-chain': auditChainMigration,
      '0010-countersign': countersignMigration,
      '0012-run-search': runSearchMigration,
      '0013-run-search-postgres': runSearchPostgresMigration,
      '0016-webhook-deliveries': webhookDeliveriesMigration,
      '0017-run-delivery-hold': runDeliveryHoldMigration,
      '0018-request-groups': requestGroupsMigration,
      '0019-notifications': notificationsMigration,
      '0024-teams': teamsMigration,
      '0025-expiry-policy': expiryPolicyMigration,
      '0020-slack': slackMigration,
      '0026-run-presence': runPresenceMigration,
      '0022-web-push': webPushMigration,
      '0028-oidc-identities': oidcIdentitiesMigration,
    };
  },
};
