import type { AnyResponse, RequestKind } from '../../shared/requests';
import type { ExpiryPolicy } from '../../shared/teams';
import type { DbOrTrx, RequestRow } from '../db/schema';
import { fromJsonColumn, toJsonColumn } from '../lib/json-column';
import { recordAudit, systemOrigin } from './audit';
import type { Emit } from './commit';
import { notify } from './notifications/notify';
import { enqueueAnswerDelivery, enqueueGroupReply } from './outbox';
import { kindLabel } from './request-labels';
import { refreshRunState } from './run-state';
import { addTimelineEvent } from './timeline';

/**
 * What happens when a pending request's deadline passes, by the policy of the route that took it:
 * expire, deny (answered as a deny by the system), or escalate once to another group with a new
 * deadline. Every write is conditional on the request still being pending with the deadline and the
 * escalation count this pass read, so two processes sweeping the same request act once: the second's
 * update matches no row (on PostgreSQL it waits for the first's lock, then re-reads the changed row).
 */

const minuteMs = 60_000;

/** "30 minutes", "2 hours", "1 minute", "4 seconds". */
export function describeWindow(ms: number): string {
  if (ms < minuteMs) {
    const seconds = Math.max(1, Math.round(ms / 1000));
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.max(1, Math.round(ms / minuteMs));
  if (minutes >= 60 && minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The policy a request keeps from its route; only what matters once it is routed. */
export function policySnapshot(policy: ExpiryPolicy | null): string | null {
  if (!policy) return null;
  return toJsonColumn({
    onExpiry: policy.onExpiry ?? 'expire',
    escalateToGroupId: policy.escalateToGroupId ?? null,
    escalateExpiresAfterMinutes: policy.escalateExpiresAfterMinutes ?? null,
    remindBeforeMinutes: policy.remindBeforeMinutes ?? null,
  });
}

/** When a request's reminder is due under its route's lead; null leaves it to the global lead. */
export function remindAt(expiresAt: string | null, policy: ExpiryPolicy | null): string | null {
  if (expiresAt === null || !policy?.remindBeforeMinutes) return null;
  return new Date(Date.parse(expiresAt) - policy.remindBeforeMinutes * minuteMs).toISOString();
}

/** The deny each kind can carry; questions and messages have none, so they expire instead. */
function denyResponse(kind: RequestKind, reason: string): AnyResponse | null {
  switch (kind) {
    case 'tool':
      return { decision: 'deny', note: reason };
    case 'plan':
      return { decision: 'revise', feedback: reason };
    case 'review':
      return { decision: 'reject', feedback: reason };
    default:
      return null;
  }
}

type Due = { row: RequestRow; at: string; reason: string };

function stillDue(trx: DbOrTrx, row: RequestRow) {
  return trx
    .updateTable('requests')
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('expires_at', '=', row.expires_at)
    .where('escalations', '=', Number(row.escalations));
}

/** Expires one request if it is still pending and due, by its route's policy; returns whether it acted. */
export async function expireIfDue(
  trx: DbOrTrx,
  emit: Emit,
  row: RequestRow,
  at: string,
): Promise<boolean> {
  if (row.status !== 'pending' || row.expires_at === null || row.expires_at > at) return false;
  const policy = fromJsonColumn<ExpiryPolicy>(row.expiry_policy);
  const escalations = Number(row.escalations);
  if (escalations > 0) {
    const window = describeWindow((policy?.escalateExpiresAfterMinutes ?? 0) * minuteMs);
    const group = await groupName(trx, row.team_id);
    const reason = `No one answered within ${window} of the escalation${group ? ` to ${group}` : ''}`;
    // An escalated request expires: the new group's own route policy does not chain on.
    return expire(trx, emit, { row, at, reason });
  }
  const reason = `No one answered within ${describeWindow(Date.parse(row.expires_at) - Date.parse(row.created_at))}`;
  const due = { row, at, reason };
  if (policy?.onExpiry === 'escalate' && policy.escalateToGroupId) {
    const target = await groupName(trx, policy.escalateToGroupId);
    if (target !== null) return escalate(trx, emit, due, policy, target);
    return expire(trx, emit, {
      ...due,
      reason: `${reason}; its escalation group no longer exists`,
    });
  }
  if (policy?.onExpiry === 'deny') {
    const response = denyResponse(row.kind, reason);
    if (response) return deny(trx, emit, due, response);
    return expire(trx, emit, {
      ...due,
      reason: `${reason}; a ${kindLabel(row.kind)} request cannot be denied`,
    });
  }
  return expire(trx, emit, due);
}

async function groupName(trx: DbOrTrx, id: string | null): Promise<string | null> {
  if (id === null) return null;
  const row = await trx.selectFrom('teams').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}

async function expire(trx: DbOrTrx, emit: Emit, { row, at, reason }: Due): Promise<boolean> {
  const result = await stillDue(trx, row)
    .set({ status: 'expired', status_reason: reason, updated_at: at })
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await addTimelineEvent(
    trx,
    {
      runId: row.run_id,
      requestId: row.id,
      type: 'request.expired',
      message: `Expired: ${lowerFirst(reason)}`,
      data: { reason },
      actor: 'system',
    },
    at,
  );
  await refreshRunState(trx, row.run_id, at);
  // The last pending member of a group expiring sends the group's reply with the others' answers.
  if (row.group_key !== null) await enqueueGroupReply(trx, row.run_id, row.group_key, at);
  emit({ type: 'request.updated', runId: row.run_id, requestId: row.id });
  emit({ type: 'run.updated', runId: row.run_id, requestId: null });
  return true;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Answered as a deny by the system: delivered to the agent or platform once, as any answer is. */
async function deny(
  trx: DbOrTrx,
  emit: Emit,
  { row, at, reason }: Due,
  response: AnyResponse,
): Promise<boolean> {
  const result = await stillDue(trx, row)
    .set({
      status: 'answered',
      answered_by: 'system',
      answered_at: at,
      response: toJsonColumn(response),
      status_reason: reason,
      updated_at: at,
    })
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  const decision = 'decision' in response ? response.decision : 'deny';
  await recordAudit(
    trx,
    systemOrigin('system'),
    {
      action: 'request.answered',
      summary: `Denied ${kindLabel(row.kind)} request ${row.id} on expiry: ${reason}`,
      targetType: 'request',
      targetId: row.id,
      runId: row.run_id,
      data: { kind: row.kind, decision, onExpiry: 'deny' },
    },
    at,
  );
  await addTimelineEvent(
    trx,
    {
      runId: row.run_id,
      requestId: row.id,
      type: 'request.answered',
      message: `Denied on expiry: ${lowerFirst(reason)}`,
      data: { response, onExpiry: 'deny', reason },
      actor: 'system',
    },
    at,
  );
  await refreshRunState(trx, row.run_id, at);
  await enqueueAnswerDelivery(trx, { runId: row.run_id, requestId: row.id }, at);
  emit({ type: 'request.answered', runId: row.run_id, requestId: row.id });
  emit({ type: 'run.updated', runId: row.run_id, requestId: null });
  return true;
}

/**
 * Hands the request to the escalation group with a new deadline and nobody on it, and tells that
 * group as a new request would (the notification jobs' dedupe keys spare whoever was told already).
 */
async function escalate(
  trx: DbOrTrx,
  emit: Emit,
  { row, at, reason }: Due,
  policy: ExpiryPolicy,
  target: string,
): Promise<boolean> {
  const minutes = policy.escalateExpiresAfterMinutes ?? 60;
  const expiresAt = new Date(Date.parse(at) + minutes * minuteMs).toISOString();
  const result = await stillDue(trx, row)
    .set({
      team_id: policy.escalateToGroupId ?? null,
      assignee_id: null,
      assignee_name: null,
      claimed_at: null,
      expires_at: expiresAt,
      remind_at: remindAt(expiresAt, policy),
      escalations: Number(row.escalations) + 1,
      updated_at: at,
    })
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  const from = await groupName(trx, row.team_id);
  const message = `${reason}; escalated to ${target}, who have ${describeWindow(minutes * minuteMs)}`;
  const data = {
    fromGroupId: row.team_id,
    toGroupId: policy.escalateToGroupId,
    expiresAt,
    reason,
  };
  await addTimelineEvent(
    trx,
    {
      runId: row.run_id,
      requestId: row.id,
      type: 'request.escalated',
      message,
      data,
      actor: 'system',
    },
    at,
  );
  await recordAudit(
    trx,
    systemOrigin('system'),
    {
      action: 'request.escalated',
      summary: `Escalated ${kindLabel(row.kind)} request ${row.id}${from ? ` from ${from}` : ''} to ${target}: ${reason}`,
      targetType: 'request',
      targetId: row.id,
      runId: row.run_id,
      data,
    },
    at,
  );
  await refreshRunState(trx, row.run_id, at);
  const run = await trx
    .selectFrom('runs')
    .select('source_id')
    .where('id', '=', row.run_id)
    .executeTakeFirstOrThrow();
  await notify(
    trx,
    [
      {
        name: 'request.created',
        runId: row.run_id,
        requestId: row.id,
        kind: row.kind,
        status: 'pending',
        sourceId: run.source_id,
      },
    ],
    at,
  );
  emit({ type: 'request.updated', runId: row.run_id, requestId: row.id });
  emit({ type: 'run.updated', runId: row.run_id, requestId: null });
  return true;
}
