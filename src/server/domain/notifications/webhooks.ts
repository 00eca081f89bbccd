import { randomBytes } from 'node:crypto';
import type { CreateWebhook, NotificationJob, Webhook } from '../../../shared/notifications';
import type { Db, DbOrTrx, NotificationJobRow } from '../../db/schema';
import { recordAudit, type AuditOrigin } from '../audit';
import { invalid, notFound } from '../../lib/api-error';
import { newId } from '../../lib/ids';
import type { SecretBox } from '../../lib/secret-box';

/** http(s) only; a URL with a user or password is refused, so none is ever shown back. */
function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid({ url: 'Enter a full http:// or https:// URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid({ url: 'Use an http:// or https:// URL' });
  }
  if (url.username || url.password) {
    throw invalid({ url: 'Leave credentials out of the URL; verify the signature instead' });
  }
  return url.toString();
}

export async function createWebhook(
  db: Db,
  secrets: SecretBox,
  input: CreateWebhook,
  origin: AuditOrigin,
  at: string,
): Promise<Webhook & { secret: string }> {
  const url = checkUrl(input.url);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const id = newId('whk');
  const events = [...new Set(input.events)];
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('outgoing_webhooks')
      .values({
        id,
        url,
        events: JSON.stringify(events),
        secret: secrets.seal(secret),
        created_by: origin.actorId ?? origin.actor,
        created_at: at,
        deleted_at: null,
      })
      .execute();
    await recordAudit(
      trx,
      origin,
      {
        action: 'webhook.created',
        summary: `${origin.actor} added a webhook to ${url} for ${events.join(', ')}`,
        targetType: 'webhook',
        targetId: id,
        data: { url, events },
      },
      at,
    );
  });
  return { id, url, events, createdAt: at, secret };
}

export async function listWebhooks(db: DbOrTrx): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('outgoing_webhooks')
    .select(['id', 'url', 'events', 'created_at'])
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as Webhook['events'],
    createdAt: row.created_at,
  }));
}

/** Kept (deleted_at) so its delivery log stays readable; its pending jobs are dropped at send time. */
export async function deleteWebhook(
  db: Db,
  id: string,
  origin: AuditOrigin,
  at: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .updateTable('outgoing_webhooks')
      .set({ deleted_at: at })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returning('url')
      .executeTakeFirst();
    if (!removed) throw notFound('Webhook');
    await recordAudit(
      trx,
      origin,
      {
        action: 'webhook.removed',
        summary: `${origin.actor} removed the webhook to ${removed.url}`,
        targetType: 'webhook',
        targetId: id,
        data: { url: removed.url },
      },
      at,
    );
  });
}

export async function requireWebhook(db: DbOrTrx, id: string): Promise<void> {
  const row = await db
    .selectFrom('outgoing_webhooks')
    .select('id')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('Webhook');
}

export async function listJobs(
  db: DbOrTrx,
  filter: { channel?: string; recipient?: string; status?: NotificationJobRow['status'] },
  limit = 100,
): Promise<NotificationJob[]> {
  let query = db.selectFrom('notification_jobs').selectAll().orderBy('created_at', 'desc');
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.recipient) query = query.where('recipient', '=', filter.recipient);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = await query.limit(limit).execute();
  return rows.map(toJob);
}

export function toJob(row: NotificationJobRow): NotificationJob {
  return {
    id: row.id,
    channel: row.channel,
    event: row.event,
    recipient: row.recipient,
    runId: row.run_id,
    requestId: row.request_id,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
