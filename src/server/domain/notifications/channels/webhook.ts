import { Webhook as Signer } from 'standardwebhooks';
import type { NotificationJobRow } from '../../../db/schema';
import type { NotificationChannel, NotificationRuntime, SendResult } from '../channel';
import { retryAfterMs } from '../retry-after';

const timeoutMs = 10_000;

/**
 * Admins' outgoing webhooks, signed as Standard Webhooks. The `webhook-id` is the job's id, the same on
 * every retry, so a receiver that remembers ids takes each event once.
 */
export const webhookChannel: NotificationChannel = {
  name: 'webhook',
  batches: false,
  async recipients(trx, event, at) {
    const hooks = await trx
      .selectFrom('outgoing_webhooks')
      .select(['id', 'events'])
      .where('deleted_at', 'is', null)
      .execute();
    return hooks
      .filter((hook) => (JSON.parse(hook.events) as string[]).includes(event.name))
      .map((hook) => ({ id: hook.id, dueAt: at }));
  },
  async send(jobs, runtime) {
    const job = jobs[0]!;
    const hook = await runtime.db
      .selectFrom('outgoing_webhooks')
      .selectAll()
      .where('id', '=', job.recipient)
      .executeTakeFirst();
    if (!hook || hook.deleted_at !== null)
      return { outcome: 'drop', reason: 'The webhook was removed' };
    const body = JSON.stringify(await payloadFor(job, runtime));
    const sentAt = runtime.now();
    const signer = new Signer(runtime.secrets.open(hook.secret));
    return post(runtime, hook.url, body, {
      'content-type': 'application/json',
      'webhook-id': job.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signer.sign(job.id, sentAt, body),
    });
  },
};

async function payloadFor(job: NotificationJobRow, runtime: NotificationRuntime) {
  const request = job.request_id
    ? await runtime.db
        .selectFrom('requests')
        .select(['kind', 'status', 'answered_by', 'answered_at', 'expires_at'])
        .where('id', '=', job.request_id)
        .executeTakeFirst()
    : undefined;
  const base = runtime.config.publicUrl?.replace(/\/+$/, '');
  return {
    type: job.event,
    timestamp: job.created_at,
    data: {
      runId: job.run_id,
      requestId: job.request_id,
      kind: request?.kind ?? null,
      status: request?.status ?? null,
      answeredBy: request?.answered_by ?? null,
      answeredAt: request?.answered_at ?? null,
      url: base && job.run_id ? `${base}/runs/${encodeURIComponent(job.run_id)}` : null,
    },
  };
}

async function post(
  runtime: NotificationRuntime,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<SendResult> {
  let res: Response;
  try {
    res = await runtime.http(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { outcome: 'retry', error: `Could not reach the webhook: ${errorText(error)}` };
  }
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return { outcome: 'ok' };
  const error = `The webhook answered ${res.status}`;
  if (res.status === 429 || res.status >= 500) {
    return { outcome: 'retry', error, retryAfterMs: retryAfterMs(res.headers, runtime.now()) };
  }
  return { outcome: 'fatal', error };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
