import { backoffDelayMs, defaultBackoff, type BackoffOptions } from '../domain/backoff';
import type { NotificationRuntime, SendResult } from '../domain/notifications/channel';
import { channelNamed } from '../domain/notifications/channels/registry';
import {
  claimNotificationJobs,
  settleNotificationJob,
  type ClaimedNotification,
  type NotificationUpdate,
} from '../domain/notifications/jobs';
import { queueReminders } from '../domain/notifications/reminders';
import type { NotificationAttemptResult, Observations } from '../domain/observations';
import type { EventBus } from '../events/bus';
import { startJobLoop } from '../lib/job-loop';
import type { Logger } from '../lib/logger';

export type NotificationWorkerOptions = {
  intervalMs?: number;
  leaseMs?: number;
  batchSize?: number;
  backoff?: BackoffOptions;
  /** How long before a pending request expires its reminder goes out. */
  reminderLeadMs?: number;
};

export type NotificationWorker = {
  kick(): void;
  runOnce(): Promise<number>;
  stop(): Promise<void>;
};

type Deps = NotificationRuntime & { bus: EventBus; logger: Logger; observe?: Observations };

/**
 * Sends the notification outbox, as the delivery worker sends answers: claims due jobs under a lease,
 * sends them through their channel, and records the outcome (retry with backoff, or the channel's
 * Retry-After when it gives one). Each pass also queues reminders for requests about to expire.
 */
export function startNotificationWorker(
  deps: Deps,
  options: NotificationWorkerOptions = {},
): NotificationWorker {
  const intervalMs = options.intervalMs ?? 1000;
  const leaseMs = options.leaseMs ?? 120_000;
  const batchSize = options.batchSize ?? 10;
  const backoff = options.backoff ?? defaultBackoff;
  const reminderLeadMs = options.reminderLeadMs ?? 10 * 60_000;
  async function runOnce(): Promise<number> {
    await queueReminders(deps, reminderLeadMs);
    const jobs = await claimNotificationJobs(deps.db, {
      now: deps.now(),
      leaseMs,
      limit: batchSize,
    });
    const groups = await gather(jobs);
    await Promise.all(groups.map((group) => sendGroup(group)));
    return jobs.length;
  }

  /** Batching channels get every due job of the recipient, claimed too, in one send. */
  async function gather(jobs: ClaimedNotification[]): Promise<ClaimedNotification[][]> {
    const groups = new Map<string, ClaimedNotification[]>();
    for (const job of jobs) {
      const batches = channelNamed(job.channel)?.batches ?? false;
      const key = batches ? `${job.channel}\u0000${job.recipient}` : job.id;
      const group = groups.get(key);
      if (group) group.push(job);
      else groups.set(key, [job]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      if (!(channelNamed(first.channel)?.batches ?? false)) continue;
      const more = await claimNotificationJobs(deps.db, {
        now: deps.now(),
        leaseMs,
        limit: 200,
        of: { channel: first.channel, recipient: first.recipient },
      });
      group.push(...more);
    }
    return [...groups.values()];
  }

  async function sendGroup(group: ClaimedNotification[]): Promise<void> {
    const channel = channelNamed(group[0]!.channel);
    let result: SendResult;
    try {
      result = channel
        ? await channel.send(group, deps)
        : { outcome: 'fatal', error: `No channel named ${group[0]!.channel}` };
    } catch (error) {
      result = { outcome: 'retry', error: `Sending failed unexpectedly: ${errorText(error)}` };
    }
    const at = deps.now();
    for (const job of group) {
      const update = toUpdate(job, result, backoff, at);
      if (!(await settleNotificationJob(deps.db, job, update, at.toISOString()))) {
        deps.logger.warn('Notification lease lost before the outcome was recorded', {
          notificationId: job.id,
        });
        continue;
      }
      deps.observe?.notificationAttempted?.(job.channel, attemptResult(update));
      if (update.status === 'failed') {
        deps.logger.warn('Notification failed', {
          notificationId: job.id,
          channel: job.channel,
          error: update.lastError,
        });
      }
    }
  }

  const loop = startJobLoop({
    intervalMs,
    leaseMs,
    batchSize,
    runOnce,
    onError: (error) => deps.logger.error('Notification pass failed', { error: errorText(error) }),
  });
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type.startsWith('request.') || event.type === 'run.updated') loop.kick();
  });

  return {
    kick: loop.kick,
    runOnce,
    async stop() {
      unsubscribe();
      await loop.stop();
    },
  };
}

function attemptResult(update: NotificationUpdate): NotificationAttemptResult {
  if (update.status === 'pending') return 'retry';
  return update.status;
}

function toUpdate(
  job: ClaimedNotification,
  result: SendResult,
  backoff: BackoffOptions,
  now: Date,
): NotificationUpdate {
  switch (result.outcome) {
    case 'ok':
      return { status: 'sent', lastError: null };
    case 'drop':
      return { status: 'dropped', lastError: result.reason };
    case 'fatal':
      return { status: 'failed', lastError: result.error };
    case 'retry': {
      if (job.attempts >= job.max_attempts) return { status: 'failed', lastError: result.error };
      const delay = result.retryAfterMs ?? backoffDelayMs(job.attempts, backoff);
      return {
        status: 'pending',
        lastError: result.error,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
      };
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
