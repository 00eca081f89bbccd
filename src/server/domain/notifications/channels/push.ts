import { createHash } from 'node:crypto';
import webPush from 'web-push';
import type { NotificationJobRow, PushSubscriptionsTable } from '../../../db/schema';
import { pushEndpointProblem } from '../../push/push-endpoint';
import { pushPayload } from '../../push/push-payload';
import { pushSubscriptionsOf } from '../../push/subscriptions';
import { vapidKeys, type VapidKeys } from '../../push/vapid-keys';
import type { NotificationChannel, NotificationRuntime, SendResult } from '../channel';
import { quietHoursEnd, readPreferences, subscribersFor } from '../preferences';
import { retryAfterMs } from '../retry-after';

/** Events pushed: something to decide now. */
const pushedEvents = new Set(['request.created', 'request.reminder']);

/** How long a push service keeps a push for a device that is offline. */
const ttlSeconds = 24 * 60 * 60;

/**
 * Web Push (RFC 8030, payload encrypted per RFC 8291 with the `web-push` library): one job per user and
 * request, sent to each of the user's devices. A device whose push service answers 404/410 is gone and
 * is removed; a 429 or 5xx retries the job (Retry-After honoured). A retry sends to every device again:
 * each push carries the request as its topic and the service worker shows it with the request as its tag,
 * so a device that already had it replaces it rather than showing it twice.
 */
export const pushChannel: NotificationChannel = {
  name: 'push',
  batches: false,
  async recipients(trx, event, at) {
    if (!pushedEvents.has(event.name)) return [];
    const subscribers = await subscribersFor(trx, 'push', event);
    if (subscribers.length === 0) return [];
    const withDevices = new Set(
      (
        await trx
          .selectFrom('push_subscriptions')
          .select('user_id')
          .distinct()
          .where(
            'user_id',
            'in',
            subscribers.map((s) => s.id),
          )
          .execute()
      ).map((row) => row.user_id),
    );
    return subscribers
      .filter((s) => withDevices.has(s.id))
      .map((s) => ({ id: s.id, dueAt: quietHoursEnd(s.preferences, at) }));
  },
  async send(jobs, runtime) {
    const job = jobs[0]!;
    const userId = job.recipient;
    const user = await runtime.db
      .selectFrom('users')
      .select('disabled_at')
      .where('id', '=', userId)
      .executeTakeFirst();
    const preferences = await readPreferences(runtime.db, userId);
    if (!user || user.disabled_at !== null || !preferences.channels.push) {
      return { outcome: 'drop', reason: 'The user no longer receives pushes' };
    }
    const request = await pendingRequest(job, runtime);
    if (!request) return { outcome: 'drop', reason: 'Answered before it was sent' };
    const devices = await pushSubscriptionsOf(runtime.db, userId);
    if (devices.length === 0) return { outcome: 'drop', reason: 'The user has no push devices' };
    const keys = await vapidKeys(
      runtime.db,
      runtime.secrets,
      runtime.config.vapid,
      runtime.now().toISOString(),
    );
    const body = JSON.stringify(pushPayload(request, preferences.quickActions));
    const results = await Promise.all(
      devices.map((device) => pushTo(device, body, request.id, keys, runtime)),
    );
    return combine(results);
  },
};

async function pendingRequest(job: NotificationJobRow, runtime: NotificationRuntime) {
  if (!job.request_id) return null;
  const row = await runtime.db
    .selectFrom('requests')
    .innerJoin('runs', 'runs.id', 'requests.run_id')
    .select([
      'requests.id',
      'requests.kind',
      'requests.status',
      'requests.payload',
      'runs.id as runId',
      'runs.title as runTitle',
    ])
    .where('requests.id', '=', job.request_id)
    .executeTakeFirst();
  if (!row || row.status !== 'pending') return null;
  return { ...row, reminder: job.event === 'request.reminder' };
}

type DeviceResult = 'ok' | 'gone' | { retry: string; afterMs?: number } | { fatal: string };

async function pushTo(
  device: PushSubscriptionsTable,
  body: string,
  requestId: string,
  keys: VapidKeys,
  runtime: NotificationRuntime,
): Promise<DeviceResult> {
  const problem = pushEndpointProblem(device.endpoint, runtime.config.pushAllowLoopback ?? false);
  if (problem) return { fatal: `Not sent to ${device.label}: ${problem}` };
  const details = webPush.generateRequestDetails(
    { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
    body,
    {
      vapidDetails: { subject: subjectOf(runtime), ...keys },
      TTL: ttlSeconds,
      urgency: 'high',
      topic: createHash('sha256').update(requestId).digest('base64url').slice(0, 32),
    },
  );
  let response: Response;
  try {
    response = await runtime.http(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body as Buffer<ArrayBuffer>,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
  } catch (error) {
    return { retry: `Push service unreachable: ${errorText(error)}` };
  }
  const status = response.status;
  if (status >= 200 && status < 300) return 'ok';
  if (status === 404 || status === 410) {
    await runtime.db.deleteFrom('push_subscriptions').where('id', '=', device.id).execute();
    return 'gone';
  }
  const error = `The push service answered ${status} for ${device.label}`;
  if (status === 429)
    return { retry: error, afterMs: retryAfterMs(response.headers, runtime.now()) };
  if (status >= 500) return { retry: error };
  return { fatal: error };
}

/** Retry when any device may take it later; fail only when none took it. */
function combine(results: DeviceResult[]): SendResult {
  const retries = results.filter(
    (r): r is { retry: string; afterMs?: number } => typeof r === 'object' && 'retry' in r,
  );
  if (retries.length > 0) {
    const waits = retries.map((r) => r.afterMs).filter((ms): ms is number => ms !== undefined);
    return {
      outcome: 'retry',
      error: retries[0]!.retry,
      ...(waits.length > 0 ? { retryAfterMs: Math.max(...waits) } : {}),
    };
  }
  if (results.includes('ok')) return { outcome: 'ok' };
  const fatal = results.find((r): r is { fatal: string } => typeof r === 'object' && 'fatal' in r);
  if (fatal) return { outcome: 'fatal', error: fatal.fatal };
  return { outcome: 'drop', reason: 'Every device unsubscribed' };
}

/** Push services want a contact: the server's https address, else a mailto placeholder. */
function subjectOf(runtime: NotificationRuntime): string {
  const url = runtime.config.publicUrl;
  return url?.startsWith('https://') ? url : 'mailto:countersign@localhost';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
