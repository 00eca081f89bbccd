import type { Approval, Request, RequestKind } from '../../shared/requests';
import type { Match } from '../../shared/rule-match';
import type { Rule } from '../../shared/rules';
import type { Run, RunSummary, TimelineEvent } from '../../shared/runs';
import type { User } from '../../shared/users';
import type { RequestRow, RuleRow, RunRow, TimelineEventRow, UserRow } from '../db/schema';
import { fromJsonColumn } from '../lib/json-column';

/** The columns a run's API shape is built from (not the connector's external data or the sort key). */
export const runColumns = [
  'id',
  'source_id',
  'external_id',
  'title',
  'status',
  'customer',
  'live_url',
  'metadata',
  'created_at',
  'updated_at',
  'waiting_since',
  'next_expires_at',
  'escalated_to_team_id',
  'pending_count',
  'pending_kinds',
  'delivery_hold',
] as const satisfies readonly (keyof RunRow)[];

export type RunFields = Pick<RunRow, (typeof runColumns)[number]>;

export function toRun(row: RunFields): Run {
  return {
    id: row.id,
    sourceId: row.source_id,
    externalId: row.external_id,
    title: row.title,
    status: row.status,
    customer: row.customer,
    liveUrl: row.live_url,
    metadata: fromJsonColumn<Record<string, unknown>>(row.metadata) ?? {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    waitingSince: row.waiting_since,
    deliveryHold: row.delivery_hold,
  };
}

// Written out rather than spread from toRun: lists map many rows per request.
export function toRunSummary(row: RunFields): RunSummary {
  return {
    id: row.id,
    sourceId: row.source_id,
    externalId: row.external_id,
    title: row.title,
    status: row.status,
    customer: row.customer,
    liveUrl: row.live_url,
    metadata: fromJsonColumn<Record<string, unknown>>(row.metadata) ?? {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    waitingSince: row.waiting_since,
    deliveryHold: row.delivery_hold,
    pendingKinds: fromJsonColumn<RequestKind[]>(row.pending_kinds) ?? [],
    pendingCount: Number(row.pending_count),
    nextExpiresAt: row.next_expires_at,
    ...(row.escalated_to_team_id ? { escalatedToGroupId: row.escalated_to_team_id } : {}),
  };
}

export function toRequest(row: RequestRow): Request {
  const payload = fromJsonColumn<Record<string, unknown>>(row.payload) ?? {};
  return {
    // A tool request stored before edits existed may come from a platform that cannot carry one.
    ...(row.kind === 'tool' ? { editable: false } : {}),
    ...payload,
    kind: row.kind,
    id: row.id,
    runId: row.run_id,
    status: row.status as Request['status'],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
    response: fromJsonColumn(row.response),
    delivery: {
      status: row.delivery_status,
      attempts: Number(row.delivery_attempts),
      lastError: row.delivery_last_error,
    },
    ...(row.group_key === null ? {} : { group: row.group_key }),
    ...(row.team_id === null && row.assignee_id === null
      ? {}
      : {
          assignment: {
            groupId: row.team_id,
            assignee:
              row.assignee_id === null
                ? null
                : {
                    id: row.assignee_id,
                    username: row.assignee_name ?? '',
                    claimedAt: row.claimed_at ?? row.updated_at,
                  },
          },
        }),
    ...(row.status_reason === null ? {} : { statusReason: row.status_reason }),
    ...(Number(row.escalations ?? 0) > 0 ? { escalations: Number(row.escalations) } : {}),
    ...(row.approvals_required === null
      ? {}
      : {
          countersign: {
            required: Number(row.approvals_required),
            ruleId: row.countersign_rule_id ?? '',
            approvals: publicApprovals(row.approvals),
          },
        }),
  } as Request;
}

/** An approval as stored: who (and their id, to refuse a second approval by them), when, a note. */
export type StoredApproval = Approval & { userId: string };

export function storedApprovals(text: string | null): StoredApproval[] {
  return fromJsonColumn<StoredApproval[]>(text) ?? [];
}

export function publicApprovals(text: string | null): Approval[] {
  return storedApprovals(text).map(({ by, at, note }) => (note ? { by, at, note } : { by, at }));
}

export function toTimelineEvent(row: TimelineEventRow): TimelineEvent {
  return {
    id: row.id,
    runId: row.run_id,
    type: row.type,
    message: row.message,
    data: fromJsonColumn(row.data),
    actor: row.actor,
    createdAt: row.created_at,
  };
}

export function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    customer: row.customer,
    tool: row.tool,
    effect: row.effect,
    match: fromJsonColumn<Match>(row.match),
    approvals: row.approvals === null ? null : Number(row.approvals),
    expiresAt: row.expires_at,
    maxUses: row.max_uses === null ? null : Number(row.max_uses),
    pausedAt: row.paused_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    firedCount: Number(row.fired_count),
    lastFiredAt: row.last_fired_at,
  };
}

export function toUser(row: Pick<UserRow, 'id' | 'username' | 'role'>): User {
  return { id: row.id, username: row.username, role: row.role };
}
