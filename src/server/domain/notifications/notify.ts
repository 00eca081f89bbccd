import type { PendingStreamEvent } from '../../events/event-log';
import type { DbOrTrx } from '../../db/schema';
import type { NotificationEvent, NotificationEventName } from './channel';
import { notificationChannelList } from './channels/registry';
import { enqueueNotificationJobs } from './jobs';

/**
 * Queues, in the caller's transaction, every channel's jobs for these events. Called by commit() with
 * the stream events of each transaction, so a request created, answered, expired or cancelled always
 * comes with its notifications, or neither happens.
 */
export async function notify(
  trx: DbOrTrx,
  events: readonly NotificationEvent[],
  at: string,
): Promise<number> {
  let queued = 0;
  for (const event of events) {
    for (const channel of notificationChannelList) {
      const recipients = await channel.recipients(trx, event, new Date(at));
      queued += await enqueueNotificationJobs(trx, channel.name, event, recipients, at);
    }
  }
  return queued;
}

/** The notification events behind a transaction's stream events (request changes only). */
export async function notificationEventsFrom(
  trx: DbOrTrx,
  pending: readonly PendingStreamEvent[],
): Promise<NotificationEvent[]> {
  const seen = new Set<string>();
  const events: NotificationEvent[] = [];
  for (const streamEvent of pending) {
    if (!streamEvent.requestId || !streamEvent.runId) continue;
    if (!['request.created', 'request.answered', 'request.updated'].includes(streamEvent.type)) {
      continue;
    }
    const key = `${streamEvent.type}:${streamEvent.requestId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const event = await requestEvent(trx, streamEvent.requestId, (status) =>
      eventName(streamEvent.type, status),
    );
    if (event) events.push(event);
  }
  return events;
}

function eventName(type: string, status: string): NotificationEventName | null {
  if (type === 'request.created' && status === 'pending') return 'request.created';
  if (status === 'answered' && type !== 'request.updated') return 'request.answered';
  if (status === 'expired') return 'request.expired';
  if (status === 'cancelled') return 'request.cancelled';
  return null;
}

export async function requestEvent(
  trx: DbOrTrx,
  requestId: string,
  name: (status: string) => NotificationEventName | null,
): Promise<NotificationEvent | null> {
  const row = await trx
    .selectFrom('requests')
    .innerJoin('runs', 'runs.id', 'requests.run_id')
    .select(['requests.kind', 'requests.status', 'requests.run_id', 'runs.source_id'])
    .where('requests.id', '=', requestId)
    .executeTakeFirst();
  if (!row) return null;
  const eventNameFor = name(row.status);
  if (!eventNameFor) return null;
  return {
    name: eventNameFor,
    runId: row.run_id,
    requestId,
    kind: row.kind,
    status: row.status,
    sourceId: row.source_id,
  };
}
