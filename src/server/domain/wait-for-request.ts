import type { Request } from '../../shared/requests';
import type { DomainContext } from './context';
import type { RunScope } from './lookups';
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
