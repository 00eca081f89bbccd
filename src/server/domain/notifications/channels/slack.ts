import type { NotificationJobRow } from '../../../db/schema';
import { callSlack, defaultSlackApiUrl, type SlackResult } from '../../../lib/slack-api';
import type { NotificationChannel, NotificationRuntime, SendResult } from '../channel';
import { retryAfterMs } from '../retry-after';
import { outcomeMessage, requestMessage, type SlackRequestView } from '../slack-blocks';
import { readSlackSettings, type SlackSettings } from '../slack-integration';

/** The one recipient of Slack jobs: the connected workspace's channel. */
const recipient = 'slack';
const postedEvents = new Set(['request.created']);
const updatedEvents = new Set(['request.answered', 'request.expired', 'request.cancelled']);

/**
 * Posts each new request to the connected Slack channel with its buttons, remembers the message, and
 * updates every message of a request once it is answered (anywhere), expires or is cancelled.
 */
export const slackChannel: NotificationChannel = {
  name: 'slack',
  batches: false,
  async recipients(trx, event, at) {
    if (!event.requestId) return [];
    if (!postedEvents.has(event.name) && !updatedEvents.has(event.name)) return [];
    const connected = await trx.selectFrom('slack_integration').select('id').executeTakeFirst();
    return connected ? [{ id: recipient, dueAt: at }] : [];
  },
  async send(jobs, runtime) {
    const job = jobs[0]!;
    const settings = await readSlackSettings(runtime.db, runtime.secrets);
    if (!settings) return { outcome: 'drop', reason: 'Slack was disconnected' };
    const view = await requestView(job, runtime);
    if (!view) return { outcome: 'drop', reason: 'The request is gone' };
    if (postedEvents.has(job.event)) return post(job, view.view, view.status, settings, runtime);
    return updateAll(job, view.view, view.outcome, settings, runtime);
  },
};

async function requestView(job: NotificationJobRow, runtime: NotificationRuntime) {
  if (!job.request_id) return null;
  const row = await runtime.db
    .selectFrom('requests')
    .innerJoin('runs', 'runs.id', 'requests.run_id')
    .select([
      'requests.id',
      'requests.kind',
      'requests.payload',
      'requests.status',
      'requests.answered_by',
      'requests.response',
      'runs.title',
    ])
    .where('requests.id', '=', job.request_id)
    .executeTakeFirst();
  if (!row) return null;
  const base = runtime.config.publicUrl?.replace(/\/+$/, '');
  const view: SlackRequestView = {
    requestId: row.id,
    kind: row.kind,
    runTitle: row.title,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    runUrl: base && job.run_id ? `${base}/runs/${encodeURIComponent(job.run_id)}` : null,
  };
  return { view, status: row.status, outcome: outcomeText(row) };
}

function outcomeText(row: {
  status: string;
  answered_by: string | null;
  response: string | null;
}): string {
  if (row.status === 'expired') return 'Expired without an answer';
  if (row.status === 'cancelled') return 'Cancelled';
  const decision = row.response
    ? (JSON.parse(row.response) as { decision?: unknown }).decision
    : undefined;
  const what =
    decision === 'approve'
      ? 'Approved'
      : decision === 'deny'
        ? 'Denied'
        : decision === 'revise'
          ? 'Changes requested'
          : decision === 'reject'
            ? 'Sent back'
            : 'Answered';
  const who = row.answered_by?.startsWith('rule:') ? 'a rule' : row.answered_by;
  return who ? `${what} by ${who}` : what;
}

/** Posted messages carry this metadata, so a retry can find a message whose `ts` was never saved. */
const metadataType = 'countersign_request';

async function post(
  job: NotificationJobRow,
  view: SlackRequestView,
  status: string,
  settings: SlackSettings,
  runtime: NotificationRuntime,
): Promise<SendResult> {
  if (status !== 'pending') return { outcome: 'drop', reason: 'The request was already decided' };
  const saved = await runtime.db
    .selectFrom('slack_messages')
    .select('ts')
    .where('request_id', '=', view.requestId)
    .executeTakeFirst();
  if (saved) return { outcome: 'ok' };
  // An earlier attempt may have died after Slack took the message and before its ts was saved.
  const earlier =
    job.attempts > 1 ? await findPosted(job, view.requestId, settings, runtime) : null;
  if (earlier) return remember(view.requestId, earlier.channel, earlier.ts, runtime);
  const message = requestMessage(view);
  const result = await call(runtime, settings, 'chat.postMessage', {
    channel: settings.channel,
    ...message,
    metadata: { event_type: metadataType, event_payload: { request_id: view.requestId } },
  });
  if (!result.ok) return failed(result, runtime);
  const channel = typeof result.body.channel === 'string' ? result.body.channel : settings.channel;
  return remember(view.requestId, channel, String(result.body.ts), runtime);
}

async function remember(
  requestId: string,
  channel: string,
  ts: string,
  runtime: NotificationRuntime,
): Promise<SendResult> {
  await runtime.db
    .insertInto('slack_messages')
    .values({ request_id: requestId, channel, ts, created_at: runtime.now().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return { outcome: 'ok' };
}

/**
 * The message an earlier attempt posted for this request, found by its metadata in the channel's history
 * since the job was queued (one page of 200). Slack has no idempotency key for chat.postMessage; without
 * the `channels:history` scope the lookup fails and the message is posted again: twice beats never.
 */
async function findPosted(
  job: NotificationJobRow,
  requestId: string,
  settings: SlackSettings,
  runtime: NotificationRuntime,
): Promise<{ channel: string; ts: string } | null> {
  const oldest = Math.floor(Date.parse(job.created_at) / 1000) - 60;
  const result = await call(runtime, settings, 'conversations.history', {
    channel: settings.channel,
    oldest: String(oldest),
    limit: 200,
    include_all_metadata: true,
  });
  if (!result.ok || !Array.isArray(result.body.messages)) return null;
  for (const message of result.body.messages as Record<string, unknown>[]) {
    const metadata = message.metadata as
      { event_type?: unknown; event_payload?: { request_id?: unknown } } | undefined;
    if (
      metadata?.event_type === metadataType &&
      metadata.event_payload?.request_id === requestId &&
      typeof message.ts === 'string'
    ) {
      return { channel: settings.channel, ts: message.ts };
    }
  }
  return null;
}

async function updateAll(
  job: NotificationJobRow,
  view: SlackRequestView,
  outcome: string,
  settings: SlackSettings,
  runtime: NotificationRuntime,
): Promise<SendResult> {
  const messages = await runtime.db
    .selectFrom('slack_messages')
    .select(['channel', 'ts'])
    .where('request_id', '=', job.request_id ?? '')
    .execute();
  if (messages.length === 0) return { outcome: 'drop', reason: 'Nothing was posted to Slack' };
  const message = outcomeMessage(view, outcome);
  for (const posted of messages) {
    const result = await call(runtime, settings, 'chat.update', { ...posted, ...message });
    if (!result.ok) return failed(result, runtime);
  }
  return { outcome: 'ok' };
}

async function call(
  runtime: NotificationRuntime,
  settings: SlackSettings,
  method: string,
  args: Record<string, unknown>,
): Promise<SlackResult> {
  try {
    return await callSlack(
      (url, init) => runtime.http(url, { ...init, signal: AbortSignal.timeout(10_000) }),
      runtime.config.slackApiUrl ?? defaultSlackApiUrl,
      settings.botToken,
      method,
      args,
    );
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `unreachable: ${text}`, status: 0, retryAfter: null };
  }
}

function failed(result: Extract<SlackResult, { ok: false }>, runtime: NotificationRuntime) {
  const error = `Slack answered ${result.error}`;
  if (result.status === 429) {
    const headers = new Headers(result.retryAfter ? { 'retry-after': result.retryAfter } : {});
    return { outcome: 'retry', error, retryAfterMs: retryAfterMs(headers, runtime.now()) } as const;
  }
  if (result.status === 0 || result.status >= 500) return { outcome: 'retry', error } as const;
  return { outcome: 'fatal', error } as const;
}
