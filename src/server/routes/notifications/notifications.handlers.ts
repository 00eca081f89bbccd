import type { createWebhookSchema, myNotificationsSchema } from '../../../shared/notifications';
import { auditOrigin } from '../../auth/audit-origin';
import { currentUser } from '../../auth/guards';
import { isoNow } from '../../domain/context';
import { retryNotificationJob } from '../../domain/notifications/jobs';
import { readPreferences, writePreferences } from '../../domain/notifications/preferences';
import { userOfUnsubscribeToken } from '../../domain/notifications/unsubscribe';
import {
  createWebhook,
  deleteWebhook,
  listJobs,
  listWebhooks,
  requireWebhook,
} from '../../domain/notifications/webhooks';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { ApiError, conflict } from '../../lib/api-error';
import { escapeHtml } from '../../lib/escape-html';
import { pathParam } from '../../lib/params';

export const getMine: AppHandler = async (c) => {
  const { db } = c.get('deps');
  const user = currentUser(c);
  const row = await db
    .selectFrom('users')
    .select('email')
    .where('id', '=', user.id)
    .executeTakeFirst();
  return c.json({ ...(await readPreferences(db, user.id)), email: row?.email ?? null }, 200);
};

export const putMine: AppHandler<JsonInput<typeof myNotificationsSchema>> = async (c) => {
  const deps = c.get('deps');
  const user = currentUser(c);
  const { email, ...preferences } = c.req.valid('json');
  const at = isoNow(deps);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ email }).where('id', '=', user.id).execute();
    await writePreferences(trx, user.id, preferences, at);
  });
  return c.json({ ...preferences, email }, 200);
};

export const failures: AppHandler = async (c) => {
  const items = await listJobs(c.get('deps').db, { status: 'failed' });
  return c.json({ items, nextCursor: null }, 200);
};

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

/** A GET only shows the button: link scanners open links, and must not unsubscribe anyone. */
export const unsubscribePage: AppHandler = async (c) => {
  const token = c.req.query('token') ?? '';
  const userId = userOfUnsubscribeToken(c.get('deps').connectors.secrets, token);
  if (!userId) throw invalidLink();
  return c.html(
    page(
      'Stop notification emails',
      `<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}"><p>Stop Countersign notification emails?</p><button type="submit">Stop emails</button></form>`,
    ),
    200,
  );
};

export const unsubscribe: AppHandler = async (c) => {
  const deps = c.get('deps');
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const token = typeof form.token === 'string' ? form.token : '';
  const userId = userOfUnsubscribeToken(deps.connectors.secrets, token);
  if (!userId) throw invalidLink();
  const preferences = await readPreferences(deps.db, userId);
  await writePreferences(
    deps.db,
    userId,
    { ...preferences, channels: { ...preferences.channels, email: false } },
    isoNow(deps),
  );
  return c.html(page('Emails stopped', '<p>You will get no more notification emails.</p>'), 200);
};

export const listHooks: AppHandler = async (c) => {
  return c.json({ items: await listWebhooks(c.get('deps').db), nextCursor: null }, 200);
};

export const createHook: AppHandler<JsonInput<typeof createWebhookSchema>> = async (c) => {
  const deps = c.get('deps');
  const hook = await createWebhook(
    deps.db,
    deps.connectors.secrets,
    c.req.valid('json'),
    auditOrigin(c),
    isoNow(deps),
  );
  return c.json(hook, 201);
};

export const deleteHook: AppHandler = async (c) => {
  const deps = c.get('deps');
  await deleteWebhook(deps.db, pathParam(c), auditOrigin(c), isoNow(deps));
  return c.body(null, 204);
};

export const hookDeliveries: AppHandler = async (c) => {
  const { db } = c.get('deps');
  const id = pathParam(c);
  await requireWebhook(db, id);
  const items = await listJobs(db, { channel: 'webhook', recipient: id });
  return c.json({ items, nextCursor: null }, 200);
};

export const retryDelivery: AppHandler = async (c) => {
  const deps = c.get('deps');
  const id = pathParam(c);
  await requireWebhook(deps.db, id);
  const jobId = pathParam(c, 'jobId');
  const job = await deps.db
    .selectFrom('notification_jobs')
    .select('id')
    .where('id', '=', jobId)
    .where('channel', '=', 'webhook')
    .where('recipient', '=', id)
    .executeTakeFirst();
  if (!job) return c.json({ error: { code: 'not_found', message: 'Delivery not found' } }, 404);
  if (!(await retryNotificationJob(deps.db, jobId, isoNow(deps)))) {
    throw conflict('This delivery is being sent or was sent');
  }
  return c.body(null, 202);
};

const invalidLink = () =>
  new ApiError(400, 'bad_request', 'This unsubscribe link is not valid or was cut short');
