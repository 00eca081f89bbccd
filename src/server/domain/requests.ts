import type { CreateRequestParsed, Request } from '../../shared/requests';
import type { DbOrTrx, RequestRow, RuleRow, RunRow } from '../db/schema';
import { enqueueAnswerDelivery } from './outbox';
import { ApiError, invalid, notFound } from '../lib/api-error';
import { newId } from '../lib/ids';
import { toJsonColumn } from '../lib/json-column';
import { commit, type Emit } from './commit';
import { isoNow, type DomainContext } from './context';
import { toRequest } from './mappers';
import { recordAudit, systemOrigin } from './audit';
import { claimMatchingRule, describeRule } from './rules';
import { isFinished, refreshRunState } from './run-state';
import { findRunRow, type RunScope } from './lookups';
import { teamForNewRequest } from './team-routes';
import { addTimelineEvent } from './timeline';
import { kindLabels } from './request-labels';
import { expireIfDue, policySnapshot, remindAt } from './request-expiry';

export { kindLabels } from './request-labels';
export { expireIfDue } from './request-expiry';

function describeNewRequest(input: CreateRequestParsed): string {
  switch (input.kind) {
    case 'questions':
      return `Asked ${input.questions.length} question${input.questions.length === 1 ? '' : 's'}`;
    case 'tool':
      return `Asked to call ${input.tool}`;
    case 'plan':
      return 'Asked for plan approval';
    case 'review':
      return input.title ? `Asked for a review: ${input.title}` : 'Asked for a review';
    case 'message':
      return 'Sent a message';
    case 'takeover':
      return 'Asked for a takeover';
  }
}

export async function findRequestRow(
  db: DbOrTrx,
  requestId: string,
  scope: RunScope,
): Promise<RequestRow> {
  const row = await db
    .selectFrom('requests')
    .selectAll()
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!row) throw notFound('Request');
  if (scope !== 'all') {
    const run = await db
      .selectFrom('runs')
      .select('source_id')
      .where('id', '=', row.run_id)
      .executeTakeFirst();
    if (run?.source_id !== scope.sourceId) throw notFound('Request');
  }
  return row;
}

async function readRequest(trx: DbOrTrx, requestId: string): Promise<Request> {
  return toRequest(await findRequestRow(trx, requestId, 'all'));
}

/** How a request reached us when not by the REST API; the timeline says so and keeps `data`. */
export type RequestVia = { label: string; data: Record<string, unknown> };

export async function createRequest(
  ctx: DomainContext,
  scope: RunScope,
  runId: string,
  input: CreateRequestParsed,
  via?: RequestVia,
): Promise<Request> {
  const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
  if (expiresAt !== null && expiresAt <= isoNow(ctx)) {
    throw invalid({ expiresAt: 'Must be in the future' });
  }
  return commit(ctx, async (trx, emit, at) => {
    const run = await findRunRow(trx, runId, scope);
    if (isFinished(run.status)) {
      throw new ApiError(409, 'conflict', `The run has ${run.status}; it takes no new requests`);
    }
    const id = await insertRequest(trx, emit, run, input, expiresAt, at, undefined, via);
    await refreshRunState(trx, runId, at);
    emit({ type: 'run.updated', runId, requestId: null });
    return readRequest(trx, id);
  });
}

export type ExternalRef = { externalId: string; externalData: Record<string, unknown> };

/**
 * Inserts a request on a run that takes requests, answering it at once when a rule pre-approves its
 * tool (and queueing that answer for the run's platform). The caller refreshes the run and emits run.updated.
 */
export async function insertRequest(
  trx: DbOrTrx,
  emit: Emit,
  run: Pick<RunRow, 'id' | 'customer' | 'source_id'>,
  input: CreateRequestParsed,
  expiresAt: string | null,
  at: string,
  external?: ExternalRef,
  via?: RequestVia,
): Promise<string> {
  const { kind, ...payload } = input;
  delete (payload as { expiresAt?: string }).expiresAt;
  delete (payload as { group?: string }).group;
  const runId = run.id;
  const id = newId('req');
  const rule =
    input.kind === 'tool'
      ? await claimMatchingRule(
          trx,
          { tool: input.tool, customer: run.customer, input: input.input },
          at,
        )
      : undefined;
  const approving = rule?.effect === 'approve' ? rule : undefined;
  const routed = await teamForNewRequest(trx, {
    sourceId: run.source_id,
    kind,
    customer: run.customer,
    tool: input.kind === 'tool' ? input.tool : null,
  });
  // The agent's own expiry wins; else the route's default, counted from now.
  const minutes = routed.policy?.expiresAfterMinutes;
  const expires =
    expiresAt ?? (minutes ? new Date(Date.parse(at) + minutes * 60_000).toISOString() : null);
  const holding = rule?.effect === 'countersign' ? rule : undefined;
  await trx
    .insertInto('requests')
    .values({
      id,
      run_id: runId,
      kind,
      payload: toJsonColumn(payload),
      status: approving ? 'answered' : 'pending',
      created_at: at,
      updated_at: at,
      expires_at: expires,
      answered_by: approving ? `rule:${approving.id}` : null,
      answered_at: approving ? at : null,
      response: approving ? toJsonColumn({ decision: 'approve' }) : null,
      delivery_status: 'pending',
      delivery_attempts: 0,
      delivery_last_error: null,
      external_id: external?.externalId ?? null,
      external_data: external ? toJsonColumn(external.externalData) : null,
      approvals_required: holding ? Number(holding.approvals) : null,
      countersign_rule_id: holding?.id ?? null,
      approvals: holding ? '[]' : null,
      group_key: input.group ?? null,
      team_id: routed.groupId,
      assignee_id: null,
      assignee_name: null,
      claimed_at: null,
      expiry_policy: policySnapshot(routed.policy),
      remind_at: remindAt(expires, routed.policy),
      status_reason: null,
    })
    .execute();
  await addTimelineEvent(
    trx,
    {
      runId,
      requestId: id,
      type: 'request.created',
      message: via ? `${describeNewRequest(input)} over ${via.label}` : describeNewRequest(input),
      ...(via ? { data: via.data } : {}),
      actor: 'agent',
    },
    at,
  );
  if (approving) await autoApprove(trx, approving, { id, runId }, at);
  if (holding) await holdForApprovals(trx, holding, { id, runId }, at);
  emit({ type: 'request.created', runId, requestId: id });
  if (approving) emit({ type: 'request.answered', runId, requestId: id });
  return id;
}

type NewRequestRef = { id: string; runId: string };

async function autoApprove(trx: DbOrTrx, rule: RuleRow, request: NewRequestRef, at: string) {
  await addTimelineEvent(
    trx,
    {
      runId: request.runId,
      requestId: request.id,
      type: 'request.auto_approved',
      message: `Approved by rule ${rule.id} (${describeRule(rule)})`,
      data: { ruleId: rule.id },
      actor: `rule:${rule.id}`,
    },
    at,
  );
  await recordAudit(
    trx,
    systemOrigin(`rule:${rule.id}`),
    {
      action: 'request.auto_approved',
      summary: `Rule ${rule.id} (${describeRule(rule)}) approved request ${request.id}`,
      targetType: 'request',
      targetId: request.id,
      runId: request.runId,
      data: { kind: 'tool', decision: 'approve', ruleId: rule.id, tool: rule.tool },
    },
    at,
  );
  // Ingestion stores a group one request at a time and queues a group's reply once all are in.
  await enqueueAnswerDelivery(trx, { runId: request.runId, requestId: request.id }, at, {
    batchOpen: true,
  });
}

/** A countersign rule matched: the request waits, as any, until enough different people approve it. */
async function holdForApprovals(trx: DbOrTrx, rule: RuleRow, request: NewRequestRef, at: string) {
  const message = `Needs ${rule.approvals} approvals from different people (rule ${rule.id}: ${describeRule(rule)})`;
  await addTimelineEvent(
    trx,
    {
      runId: request.runId,
      requestId: request.id,
      type: 'request.held',
      message,
      data: { ruleId: rule.id, approvals: Number(rule.approvals) },
      actor: `rule:${rule.id}`,
    },
    at,
  );
  await recordAudit(
    trx,
    systemOrigin(`rule:${rule.id}`),
    {
      action: 'request.held',
      summary: `Rule ${rule.id} (${describeRule(rule)}) held request ${request.id} for ${rule.approvals} approvals`,
      targetType: 'request',
      targetId: request.id,
      runId: request.runId,
      data: { ruleId: rule.id, tool: rule.tool, approvals: Number(rule.approvals) },
    },
    at,
  );
}

/**
 * Marks every pending request of a run cancelled, with a timeline entry each; the caller refreshes the
 * run. Returns the groups those requests belonged to.
 */
export async function cancelPendingRequests(
  trx: DbOrTrx,
  emit: Emit,
  runId: string,
  actor: string,
  message: string,
  at: string,
): Promise<string[]> {
  const pending = await trx
    .selectFrom('requests')
    .select(['id', 'kind', 'group_key'])
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .execute();
  for (const request of pending) {
    await trx
      .updateTable('requests')
      .set({ status: 'cancelled', updated_at: at })
      .where('id', '=', request.id)
      .where('status', '=', 'pending')
      .execute();
    await addTimelineEvent(
      trx,
      {
        runId,
        requestId: request.id,
        type: 'request.cancelled',
        message: `${message} (${kindLabels[request.kind as Request['kind']] ?? request.kind})`,
        actor,
      },
      at,
    );
    emit({ type: 'request.updated', runId, requestId: request.id });
  }
  return [...new Set(pending.flatMap((r) => (r.group_key === null ? [] : [r.group_key])))];
}

/** Expires every pending request whose expiresAt has passed. */
export async function expireDueRequests(ctx: DomainContext): Promise<number> {
  const due = await ctx.db
    .selectFrom('requests')
    .select('id')
    .where('status', '=', 'pending')
    .where('expires_at', '<=', isoNow(ctx))
    .limit(500)
    .execute();
  let expired = 0;
  for (const { id } of due) {
    const did = await commit(ctx, async (trx, emit, at) => {
      const row = await trx
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? expireIfDue(trx, emit, row, at) : false;
    });
    if (did) expired += 1;
  }
  return expired;
}

/**
 * Reads a request. Expires it first when it is overdue, so no reader sees a stale pending request
 * between sweeps, and, when `deliver` is set and it has been answered, records that the agent got it.
 */
export async function getRequest(
  ctx: DomainContext,
  requestId: string,
  scope: RunScope,
  options: { deliver: boolean },
): Promise<Request> {
  const row = await findRequestRow(ctx.db, requestId, scope);
  const overdue =
    row.status === 'pending' && row.expires_at !== null && row.expires_at <= isoNow(ctx);
  const undelivered =
    options.deliver && row.status === 'answered' && row.delivery_status === 'pending';
  if (!overdue && !undelivered) return toRequest(row);
  let delivered: { answeredAt: string; deliveredAt: string } | null = null;
  const request = await commit(ctx, async (trx, emit, at) => {
    delivered = null;
    const current = await findRequestRow(trx, requestId, 'all');
    await expireIfDue(trx, emit, current, at);
    if (options.deliver && current.status === 'answered' && current.delivery_status === 'pending') {
      delivered = { answeredAt: current.answered_at ?? at, deliveredAt: at };
      await setRequestDelivery(
        trx,
        emit,
        { id: requestId, runId: current.run_id },
        { status: 'delivered', attempts: 1 },
        at,
      );
    }
    return readRequest(trx, requestId);
  });
  // An agent reading its answer is the delivery of a native run.
  if (delivered) ctx.observe?.deliveryAttempted('native', 'delivered', delivered);
  return request;
}

export type RequestDelivery = {
  status: Request['delivery']['status'];
  attempts?: number;
  lastError?: string | null;
};

/**
 * The request's copy of its delivery state, which the API and the run page show (the outbox row is the
 * source of truth for platform deliveries); the one place that changes it after the request is created.
 */
export async function setRequestDelivery(
  trx: DbOrTrx,
  emit: Emit,
  request: { id: string; runId: string },
  delivery: RequestDelivery,
  at: string,
): Promise<void> {
  await trx
    .updateTable('requests')
    .set({
      delivery_status: delivery.status,
      ...(delivery.attempts === undefined ? {} : { delivery_attempts: delivery.attempts }),
      ...(delivery.lastError === undefined ? {} : { delivery_last_error: delivery.lastError }),
      updated_at: at,
    })
    .where('id', '=', request.id)
    .execute();
  emit({ type: 'request.updated', runId: request.runId, requestId: request.id });
}
