import type { Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { AuditAction } from '../../shared/audit';
import type { RequestKind, RequestStatus, deliveryStatuses } from '../../shared/requests';
import type { RuleEffect } from '../../shared/rules';
import type { RunStatus } from '../../shared/runs';
import type { SourceKind } from '../../shared/sources';
import type { StreamEventType } from '../../shared/stream';
import type { Role } from '../../shared/users';

export type DeliveryStatus = (typeof deliveryStatuses)[number];
/** An outbox job: an answer to send, or a stop. */
/** `group`: one reply for every member of a group of requests (see `Connector.deliverGroup`). */
export type DeliveryKind = 'answer' | 'group' | 'stop';
export type JobStatus = DeliveryStatus;
export type JobOutcome = 'delivered' | 'conflict' | 'fatal' | 'exhausted' | 'gone';

/** Column names are snake_case; timestamps are ISO-8601 strings; JSON is stored as text. */
export type UsersTable = {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
  disabled_at: string | null;
  last_sign_in_at: string | null;
  /** Optional; where email notifications go. */
  email: string | null;
  /** Set for a person created by single sign-on, who is found again by these two. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
};

export type SessionsTable = {
  token_hash: string;
  user_id: string;
  created_at: string;
  /** The absolute end; the idle end is last_seen_at (or created_at) plus the idle timeout. */
  expires_at: string;
  last_seen_at: string | null;
  ip: string | null;
  user_agent: string | null;
};

export type AgentTokensTable = {
  id: string;
  token_hash: string;
  source_id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
};

export type SourcesTable = {
  id: string;
  kind: SourceKind;
  name: string;
  created_at: string;
  base_url: string | null;
  /** Non-secret, per-kind settings as JSON. */
  settings: Generated<string>;
  /** Secrets as JSON, encrypted with the data directory's key (see lib/secret-box.ts). */
  secrets: string | null;
  /** A connector's own bookkeeping (poll cursors) as JSON. */
  state: Generated<string>;
  updated_at: string | null;
  deleted_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  last_polled_at: string | null;
};

export type RunsTable = {
  id: string;
  source_id: string;
  external_id: string | null;
  title: string;
  status: RunStatus;
  customer: string | null;
  live_url: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
  waiting_since: string | null;
  next_expires_at: string | null;
  /** The group an escalated pending request of the run went to (the oldest such), for the inbox. */
  escalated_to_team_id: string | null;
  pending_count: number;
  pending_kinds: string;
  /** next_expires_at (or a far-future marker), then waiting_since: one sortable text for the urgency order. */
  urgency_key: string;
  /** What a connector needs to address the run on its platform, as JSON; never shown by the API. */
  external_data: string | null;
  /** Why its answers are kept instead of sent (see NormalizedRun.deliveryHold); null sends them. */
  delivery_hold: string | null;
};

export type RequestsTable = {
  id: string;
  run_id: string;
  kind: RequestKind;
  payload: string;
  status: RequestStatus;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  answered_by: string | null;
  answered_at: string | null;
  response: string | null;
  delivery_status: DeliveryStatus;
  delivery_attempts: number;
  delivery_last_error: string | null;
  external_id: string | null;
  external_data: string | null;
  /** Set when a countersign rule holds the request: approvals needed, the rule, approvals so far (JSON). */
  approvals_required: number | null;
  countersign_rule_id: string | null;
  approvals: string | null;
  /** The group the agent asked this request in, if any (see `group` on request creation). */
  group_key: string | null;
  /** The team (a group of people) a route sent it to, and who claimed it. */
  team_id: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  claimed_at: string | null;
  /** The expiry policy of the route that took it (JSON, see request-expiry.ts); null: plain expire. */
  expiry_policy: string | null;
  escalations: Generated<number>;
  /** When its reminder is due, from its route's lead; null: the global lead. */
  remind_at: string | null;
  /** Why it was expired or denied by the system, shown to the agent. */
  status_reason: string | null;
};

/** The outbox: one row per answer (or stop) to send to a platform. See delivery/outbox.ts. */
export type DeliveriesTable = {
  id: string;
  kind: DeliveryKind;
  dedupe_key: string;
  source_id: string;
  run_id: string;
  request_id: string | null;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  lease_token: string | null;
  last_error: string | null;
  outcome: JobOutcome | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
};

export type TimelineEventsTable = {
  id: string;
  run_id: string;
  request_id: string | null;
  type: string;
  message: string;
  data: string | null;
  actor: string;
  created_at: string;
};

export type RulesTable = {
  id: string;
  customer: string | null;
  tool: string;
  effect: Generated<RuleEffect>;
  /** With `countersign`: approvals needed. */
  approvals: number | null;
  /** Argument pins by JSON pointer, as JSON; null matches any input. */
  match: string | null;
  expires_at: string | null;
  max_uses: number | null;
  paused_at: string | null;
  paused_by: string | null;
  created_by: string;
  created_at: string;
  /** Uses so far; claimed with a conditional update, so it never passes max_uses. */
  fired_count: Generated<number>;
  last_fired_at: string | null;
};

export type IdempotencyKeysTable = {
  user_id: string;
  key: string;
  request_id: string;
  status: number;
  body: string;
  created_at: string;
};

export type StreamEventsTable = {
  id: Generated<number>;
  type: StreamEventType;
  run_id: string | null;
  request_id: string | null;
  created_at: string;
};

/** Append-only: triggers refuse UPDATE and DELETE, and no code path issues them. */
export type AuditLogTable = {
  seq: Generated<number>;
  created_at: string;
  action: AuditAction;
  actor: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  run_id: string | null;
  summary: string;
  data: string | null;
  ip: string | null;
  user_agent: string | null;
  /** The hash of the entry before (see lib/audit-chain.ts); set on every entry since migration 0009. */
  prev_hash: string | null;
  hash: string | null;
};

/** One row (id 1): the hash of the newest audit entry; appends lock it, so the chain never forks. */
export type AuditChainHeadTable = {
  id: number;
  hash: string;
};

export type SettingsTable = {
  name: string;
  value: string;
  created_at: string;
};

export type SignInFailuresTable = {
  scope: 'user' | 'address';
  key: string;
  since_ms: number;
  count: number;
};

/** A platform's named webhook delivery, remembered so it is taken once (see domain/webhook-deliveries.ts). */
export type WebhookDeliveriesTable = {
  source_id: string;
  delivery_id: string;
  /** When the platform says it sent the delivery (its signed timestamp). */
  sent_at: string;
  /** `processing` while one request works on it; `done` once its events are stored. */
  state: 'processing' | 'done';
  claimed_at: string;
};

export type Database = {
  users: UsersTable;
  sessions: SessionsTable;
  agent_tokens: AgentTokensTable;
  sources: SourcesTable;
  runs: RunsTable;
  requests: RequestsTable;
  timeline_events: TimelineEventsTable;
  rules: RulesTable;
  idempotency_keys: IdempotencyKeysTable;
  stream_events: StreamEventsTable;
  deliveries: DeliveriesTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  settings: SettingsTable;
  sign_in_failures: SignInFailuresTable;
  webhook_deliveries: WebhookDeliveriesTable;
  notification_preferences: NotificationPreferencesTable;
  outgoing_webhooks: OutgoingWebhooksTable;
  notification_jobs: NotificationJobsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  team_routes: TeamRoutesTable;
  slack_integration: SlackIntegrationTable;
  slack_messages: SlackMessagesTable;
  run_presence: RunPresenceTable;
  push_vapid_keys: PushVapidKeysTable;
  push_subscriptions: PushSubscriptionsTable;
};

/** Who has a run open, until `expires_at` unless a heartbeat moves it on. */
export type RunPresenceTable = { run_id: string; user_id: string; expires_at: string };

/** A group of people (the API's `/groups`). */
export type TeamsTable = { id: string; name: string; created_at: string };
export type TeamMembersTable = { team_id: string; user_id: string; added_at: string };
/** One rule of the ordered routing list; null match fields match anything. */
export type TeamRoutesTable = {
  id: string;
  position: number;
  /** 1 for the route that catches what no other matches. */
  is_default: number;
  source_id: string | null;
  kind: string | null;
  customer: string | null;
  tool: string | null;
  team_id: string;
  expires_after_minutes: number | null;
  remind_before_minutes: number | null;
  on_expiry: string | null;
  escalate_to_team_id: string | null;
  escalate_expires_after_minutes: number | null;
};

/** The connected Slack app (one row, id `slack`); both secrets are sealed with the secrets key. */
export type SlackIntegrationTable = {
  id: string;
  bot_token: string;
  signing_secret: string;
  channel: string;
  updated_by: string;
  updated_at: string;
};

/** A Slack message posted for a request, updated once the request is decided. */
export type SlackMessagesTable = {
  request_id: string;
  channel: string;
  ts: string;
  created_at: string;
};

export type NotificationPreferencesTable = {
  user_id: string;
  /** The preferences as JSON (shared/notifications.ts). */
  data: string;
  updated_at: string;
};

/** An admin's outgoing webhook; `secret` is the `whsec_` signing secret, encrypted at rest. */
export type OutgoingWebhooksTable = {
  id: string;
  url: string;
  /** JSON array of event names. */
  events: string;
  secret: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
};

/** The notification outbox: one job per channel, event and recipient. See domain/notifications/jobs.ts. */
export type NotificationJobsTable = {
  id: string;
  channel: string;
  event: string;
  /** A user id, or for webhooks the webhook id. */
  recipient: string;
  dedupe_key: string;
  run_id: string | null;
  request_id: string | null;
  status: 'pending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  max_attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  lease_token: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
};
export type NotificationJobRow = Selectable<NotificationJobsTable>;

export type Db = Kysely<Database>;
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

export type UserRow = Selectable<UsersTable>;
export type RunRow = Selectable<RunsTable>;
export type RequestRow = Selectable<RequestsTable>;
export type TimelineEventRow = Selectable<TimelineEventsTable>;
export type RuleRow = Selectable<RulesTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type SourceRow = Selectable<SourcesTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type NewTimelineEvent = Insertable<TimelineEventsTable>;

/** The server's VAPID key pair (one row, id `vapid`); the private key is sealed with the secrets key. */
export type PushVapidKeysTable = {
  id: string;
  public_key: string;
  private_key: string;
  created_at: string;
};

/** A browser's push subscription; `label` names the device (from its user agent). */
export type PushSubscriptionsTable = {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  label: string;
  created_at: string;
  updated_at: string;
};
