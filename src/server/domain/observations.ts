import type { RequestKind } from '../../shared/requests';
import type { SourceKind } from '../../shared/sources';

/** How a delivery attempt ended, as the metrics count it. */
export type DeliveryAttemptResult = 'delivered' | 'retry' | 'conflict' | 'fatal' | 'exhausted';

/** How an attempt to send a notification ended, as the metrics count it. */
export type NotificationAttemptResult = 'sent' | 'retry' | 'failed' | 'dropped';

/**
 * What the domain reports as it happens, for this process's metrics. Each event is reported once, by the
 * process where it happened, so series summed over processes count every event once.
 */
export type Observations = {
  requestAnswered(kind: RequestKind, askedAt: string, answeredAt: string): void;
  /** One attempt to send an answer or a stop; `timing` only for a delivered answer. */
  deliveryAttempted(
    platform: SourceKind | 'unknown',
    result: DeliveryAttemptResult,
    timing?: { answeredAt: string; deliveredAt: string },
  ): void;
  /** One attempt to send a notification job through a channel (email, webhook, …). */
  notificationAttempted?(channel: string, result: NotificationAttemptResult): void;
  /** An agent starts (+1) or stops (-1) waiting on `GET /requests/:id?wait=`. */
  agentsWaiting(delta: 1 | -1): void;
  /** An event stream opens (+1) or ends (-1). */
  eventStreams(delta: 1 | -1): void;
};
