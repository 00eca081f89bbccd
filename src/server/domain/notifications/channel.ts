import type { RequestKind, RequestStatus } from '../../../shared/requests';
import type { DbOrTrx, NotificationJobRow } from '../../db/schema';
import type { SecretBox } from '../../lib/secret-box';

/**
 * A notification channel (email, outgoing webhooks; Slack, Web Push next). Adding one is one file that
 * implements this interface plus its line in channels/registry.ts: the outbox, the worker, retries with
 * backoff, restarts and the admins' failure list come with it.
 *
 * - `recipients` runs inside the transaction of the event, so it must only read (the jobs it returns are
 *   written in that same transaction, one per channel, event and recipient).
 * - `send` gets one or more jobs of one recipient (see `batches`) and says what became of them: `ok`,
 *   `retry` (with the platform's `retryAfterMs`, e.g. from a 429 Retry-After, which wins over the
 *   backoff), `fatal` (failed, shown to admins), or `drop` (nothing to send any more, e.g. the request
 *   was answered while the job waited out quiet hours).
 */
export interface NotificationChannel {
  readonly name: string;
  /** Whether jobs of one recipient that are due together are sent as one (an email digest). */
  readonly batches: boolean;
  recipients(trx: DbOrTrx, event: NotificationEvent, at: Date): Promise<Recipient[]>;
  send(jobs: readonly NotificationJobRow[], runtime: NotificationRuntime): Promise<SendResult>;
}

export const notificationEventNames = [
  'request.created',
  'request.answered',
  'request.expired',
  'request.cancelled',
  'request.reminder',
  'delivery.failed',
] as const;
export type NotificationEventName = (typeof notificationEventNames)[number];

/** What happened, with what recipients are chosen by. */
export type NotificationEvent = {
  name: NotificationEventName;
  runId: string;
  requestId: string | null;
  kind: RequestKind | null;
  status: RequestStatus | null;
  sourceId: string;
};

/** A user id (or a webhook id) and when its job is due (later in quiet hours or for a digest). */
export type Recipient = { id: string; dueAt: Date };

export type SendResult =
  | { outcome: 'ok' }
  | { outcome: 'retry'; error: string; retryAfterMs?: number }
  | { outcome: 'fatal'; error: string }
  | { outcome: 'drop'; reason: string };

export type NotificationConfig = {
  /** `smtp://user:pass@host:587`; unset, email jobs are dropped. */
  smtpUrl?: string;
  mailFrom?: string;
  /** Where links in notifications point, e.g. https://countersign.example.com. */
  publicUrl?: string;
  /** The Slack Web API's base address; unset, https://slack.com/api. */
  slackApiUrl?: string;
  /** Web Push's configured VAPID keys; unset, the stored pair (see domain/push/vapid-keys.ts). */
  vapid?: { publicKey: string; privateKey: string };
  /** Whether push endpoints on this machine over http are allowed (tests and the demo). */
  pushAllowLoopback?: boolean;
};

export type NotificationRuntime = {
  db: DbOrTrx;
  now: () => Date;
  /** Seals webhook secrets and unsubscribe tokens. */
  secrets: SecretBox;
  http: typeof fetch;
  config: NotificationConfig;
};
