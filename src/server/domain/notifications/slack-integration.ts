import type {
  PutSlackIntegration,
  SlackIntegration,
  SlackPostingError,
} from '../../../shared/notifications';
import type { Db, DbOrTrx } from '../../db/schema';
import type { SecretBox } from '../../lib/secret-box';
import { recordAudit, type AuditOrigin } from '../audit';

const rowId = 'slack';

export type SlackSettings = { botToken: string; signingSecret: string; channel: string };

/** The connected Slack app with its secrets opened, or null when none is connected. */
export async function readSlackSettings(
  db: DbOrTrx,
  secrets: SecretBox,
): Promise<SlackSettings | null> {
  const row = await db
    .selectFrom('slack_integration')
    .selectAll()
    .where('id', '=', rowId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    botToken: secrets.open(row.bot_token),
    signingSecret: secrets.open(row.signing_secret),
    channel: row.channel,
  };
}

export async function slackIntegrationView(db: DbOrTrx): Promise<SlackIntegration> {
  const row = await db
    .selectFrom('slack_integration')
    .select(['channel', 'updated_at'])
    .where('id', '=', rowId)
    .executeTakeFirst();
  return {
    connected: !!row,
    channel: row?.channel ?? null,
    updatedAt: row?.updated_at ?? null,
    lastError: row ? await lastPostingError(db, row.updated_at) : null,
  };
}

/**
 * The latest Slack job tried since the integration was saved, if its last try failed: an admin sees
 * why messages do not arrive (a channel the app is not in, a revoked token) without reading logs.
 */
async function lastPostingError(db: DbOrTrx, since: string): Promise<SlackPostingError | null> {
  const job = await db
    .selectFrom('notification_jobs')
    .select(['status', 'last_error', 'updated_at'])
    .where('channel', '=', 'slack')
    .where('attempts', '>', 0)
    .where('created_at', '>=', since)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!job?.last_error || (job.status !== 'pending' && job.status !== 'failed')) return null;
  return { message: job.last_error, at: job.updated_at, willRetry: job.status === 'pending' };
}

export async function saveSlackIntegration(
  db: Db,
  secrets: SecretBox,
  input: PutSlackIntegration,
  origin: AuditOrigin,
  at: string,
): Promise<SlackIntegration> {
  const channel = input.channel.trim();
  const values = {
    bot_token: secrets.seal(input.botToken),
    signing_secret: secrets.seal(input.signingSecret),
    channel,
    updated_by: origin.actorId ?? origin.actor,
    updated_at: at,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('slack_integration')
      .values({ id: rowId, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    await recordAudit(
      trx,
      origin,
      {
        action: 'slack.connected',
        summary: `${origin.actor} connected Slack to channel ${channel}`,
        targetType: 'integration',
        targetId: rowId,
        data: { channel },
      },
      at,
    );
  });
  return { connected: true, channel, updatedAt: at, lastError: null };
}

/** Disconnects Slack; true when it was connected. */
export async function deleteSlackIntegration(
  db: Db,
  origin: AuditOrigin,
  at: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('slack_integration')
      .where('id', '=', rowId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return false;
    await recordAudit(
      trx,
      origin,
      {
        action: 'slack.disconnected',
        summary: `${origin.actor} disconnected Slack`,
        targetType: 'integration',
        targetId: rowId,
      },
      at,
    );
    return true;
  });
}
