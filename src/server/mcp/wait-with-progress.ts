import type { Request } from '../../shared/requests';
import type { DomainContext } from '../domain/context';
import type { RunScope } from '../domain/lookups';
import { waitWhilePending } from '../domain/wait-for-request';

export type McpWaitSettings = {
  /** How long one tool call waits for a person before returning `pending`. */
  waitMs: number;
  /** How often a waiting call with a progress token sends a progress notification. */
  progressEveryMs: number;
};

export type ProgressSink = {
  /** The client's progress token; without one, nothing is sent. */
  token: string | number | undefined;
  send: (progress: number, message: string) => Promise<void>;
};

/**
 * Waits on the domain's wait-for-request (woken by the bus, not polling) for at most the wait limit,
 * sending a progress notification now and then while it waits so the client knows the call is alive
 * (and, where it resets its timeout on progress, keeps waiting). The request comes back as it stands:
 * pending when nobody answered in time.
 */
export async function waitWithProgress(
  ctx: DomainContext,
  requestId: string,
  scope: RunScope,
  settings: McpWaitSettings,
  progress: ProgressSink,
  signal: AbortSignal,
): Promise<Request> {
  const started = Date.now();
  let ticks = 0;
  const timer =
    progress.token === undefined
      ? undefined
      : setInterval(() => {
          ticks += 1;
          const seconds = Math.round((Date.now() - started) / 1000);
          // A client that went away cannot be told anything; the wait ends on the abort signal.
          progress
            .send(ticks, `Waiting for a person to answer in Countersign (${seconds} s so far)`)
            .catch(() => {});
        }, settings.progressEveryMs);
  try {
    return await waitWhilePending(ctx, requestId, scope, {
      seconds: settings.waitMs / 1000,
      deliver: true,
      signal,
    });
  } finally {
    clearInterval(timer);
  }
}
