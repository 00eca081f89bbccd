import type { Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

/** Column names are snake_case; timestamps are ISO-8601 strings; JSON is stored as text. */
export type UsersTable = {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  created_at: string;
};

export type SessionsTable = {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
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
  kind: string;
  name: string;
  config: string | null;
  created_at: string;
};

export type RunsTable = {
  id: string;
  source_id: string;
  external_id: string | null;
  title: string;
  status: string;
  customer: string | null;
  live_url: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
  waiting_since: string | null;
  next_expires_at: string | null;
  pending_count: number;
  pending_kinds: string;
  /** next_expires_at (or a far-future marker), then waiting_since: one sortable text for the urgency order. */
  urgency_key: string;
};

export type RequestsTable = {
  id: string;
  run_id: string;
  kind: string;
  payload: string;
  status: string;
  created_at: string;
  updated_at: string;
  expires_at: string | null;
  answered_by: string | null;
  answered_at: string | null;
  response: string | null;
  delivery_status: string;
  delivery_attempts: number;
  delivery_last_error: string | null;
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
  created_by: string;
  created_at: string;
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
  type: string;
  run_id: string | null;
  request_id: string | null;
  created_at: string;
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
};

export type Db = Kysely<Database>;
export type DbOrTrx = Kysely<Database> | Transaction<Database>;

export type UserRow = Selectable<UsersTable>;
export type RunRow = Selectable<RunsTable>;
export type RequestRow = Selectable<RequestsTable>;
export type TimelineEventRow = Selectable<TimelineEventsTable>;
export type RuleRow = Selectable<RulesTable>;
export type SourceRow = Selectable<SourcesTable>;
export type NewTimelineEvent = Insertable<TimelineEventsTable>;
