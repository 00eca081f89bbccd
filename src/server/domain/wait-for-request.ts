import type { Request, RequestGroup } from '../../shared/requests';
import { notFound } from '../lib/api-error';
import type { DomainContext } from './context';
import { findRunRow, type RunScope } from './lookups';
import { getRequest } from './requests';

export type WaitOptions = { seconds: number; deliver: boolean; signal?: AbortSignal };

/**
 * Returns the request as soon as it is no longer pending, or once `seconds` have passed. It sleeps on
 * the bus (no polling): an answer, expiry or cancellation for this request wakes it, as do client
 * abort and server shutdown. It subscribes before the first read so no change can slip between them.
 */
export async function waitWhilePending(
  ctx: DomainContext,
  requestId: string,
  scope: RunScope,
  { seconds, deliver, signal }: WaitOptions,
): Promise<Request> {
  const deadline = Date.now() + seconds * 1000;
  let changed = false;
  let closed = false;
  let wake: () => void = () => {};
  const unsubscribe = ctx.bus.subscribeRequest(requestId, () => {
    changed = true;
    wake();
  });
  const offClose = ctx.bus.onClose(() => {
    closed = true;
    wake();
  });
  const counted = seconds > 0;
  if (counted) ctx.observe?.agentsWaiting(1);
  try {
    for (;;) {
      changed = false;
      const request = await getRequest(ctx, requestId, scope, { deliver });
      const remaining = deadline - Date.now();
      if (request.status !== 'pending' || remaining <= 0 || closed || signal?.aborted)
        return request;
      const untilExpiry = request.expiresAt
        ? Date.parse(request.expiresAt) - ctx.now().getTime() + 10
        : Number.POSITIVE_INFINITY;
      if (!changed) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            wake = () => {};
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, Math.min(remaining, untilExpiry)));
          wake = done;
          signal?.addEventListener('abort', done, { once: true });
        });
      }
    }
  } finally {
    if (counted) ctx.observe?.agentsWaiting(-1);
    unsubscribe();
    offClose();
  }
}

/**
 * Every request of a group on a run, waiting (up to `seconds` in all) until none is pending: an agent
 * that asked several calls together gets one reply once the last of them is decided.
 */
export async function waitForGroup(
  ctx: DomainContext,
  runId: string,
  group: string,
  scope: RunScope,
  { seconds, deliver, signal }: WaitOptions,
): Promise<RequestGroup> {
  await findRunRow(ctx.db, runId, scope);
  const members = await ctx.db
    .selectFrom('requests')
    .select('id')
    .where('run_id', '=', runId)
    .where('group_key', '=', group)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (members.length === 0) throw notFound('Group');
  const deadline = Date.now() + seconds * 1000;
  const requests: Request[] = [];
  for (const { id } of members) {
    const remaining = Math.max(0, (deadline - Date.now()) / 1000);
    requests.push(await waitWhilePending(ctx, id, scope, { seconds: remaining, deliver, signal }));
  }
  // Members read early may have been decided while a later one was awaited: read them once more.
  const settled = await Promise.all(
    requests.map((r) =>
      r.status === 'pending' ? getRequest(ctx, r.id, scope, { deliver }) : Promise.resolve(r),
    ),
  );
  return { runId, group, decided: settled.every((r) => r.status !== 'pending'), requests: settled };
}
