import type { DbOrTrx } from '../../db/schema';
import { notify, requestEvent } from './notify';

/**
 * Queues a `request.reminder` for each request still pending that expires within `leadMs`, or whose
 * route set its own lead (`remind_at`) and that time has come. The job's
 * dedupe key makes it once per request and recipient however many passes (or processes) see it.
 */
export async function queueReminders(
  deps: { db: DbOrTrx; now: () => Date },
  leadMs: number,
): Promise<number> {
  const now = deps.now();
  const horizon = new Date(now.getTime() + leadMs).toISOString();
  const due = await deps.db
    .selectFrom('requests')
    .leftJoin('notification_jobs', (join) =>
      join
        .onRef('notification_jobs.request_id', '=', 'requests.id')
        .on('notification_jobs.event', '=', 'request.reminder'),
    )
    .select('requests.id')
    .where('requests.status', '=', 'pending')
    .where('requests.expires_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('requests.remind_at', 'is', null), eb('requests.expires_at', '<=', horizon)]),
        eb('requests.remind_at', '<=', now.toISOString()),
      ]),
    )
    .where('requests.expires_at', '>', now.toISOString())
    .where('notification_jobs.id', 'is', null)
    .limit(100)
    .execute();
  let queued = 0;
  for (const { id } of due) {
    const event = await requestEvent(deps.db, id, (status) =>
      status === 'pending' ? 'request.reminder' : null,
    );
    if (event) queued += await notify(deps.db, [event], now.toISOString());
  }
  return queued;
}
