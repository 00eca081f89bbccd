import {
  messageAnswerProblems,
  questionsAnswerProblems,
  responseSchemas,
  type AnyResponse,
  type Request,
  type RequestOf,
  type ToolResponse,
} from '../../shared/requests';
import { diffJson } from '../../shared/json-diff';
import type { User } from '../../shared/users';
import type { DbOrTrx, RequestRow } from '../db/schema';
import { enqueueAnswerDelivery } from './outbox';
import { ApiError, forbidden, invalid } from '../lib/api-error';
import { toJsonColumn } from '../lib/json-column';
import { parseOrInvalid } from '../lib/validate';
import { recordAudit, type AuditOrigin } from './audit';
import { commit } from './commit';
import type { DomainContext } from './context';
import { countApproval } from './countersign';
import { publicApprovals, storedApprovals, toRequest, type StoredApproval } from './mappers';
import { findRequestRow } from './requests';
import { expireIfDue } from './request-expiry';
import { describeLimits, describeRule, insertRule, rememberedRule, ruleScopeData } from './rules';
import { refreshRunState } from './run-state';
import { addTimelineEvent } from './timeline';

export type AnswerResult = { status: 200 | 409; body: unknown };

function describeAnswer(username: string, request: Request, response: AnyResponse): string {
  const decision = 'decision' in response ? response.decision : undefined;
  switch (request.kind) {
    case 'questions':
      return `${username} answered`;
    case 'tool':
      if (decision === 'approve') return `${username} approved`;
      return `${username} denied${'denyOption' in response && response.denyOption ? ` (${response.denyOption})` : ''}`;
    case 'plan':
      return decision === 'approve'
        ? `${username} approved the plan`
        : `${username} requested changes`;
    case 'review':
      return decision === 'approve' ? `${username} approved` : `${username} sent it back`;
    case 'message':
      return 'option' in response && response.option
        ? `${username} replied: ${response.option}`
        : `${username} replied`;
    case 'takeover':
      return decision === 'stop'
        ? `${username} stopped the run`
        : `${username} handed back to the agent`;
  }
}

/** How a held request ended: ` as the last of 2 approvers (alice, bob)`, ` after 1 of 2 approvals`. */
function describeCountersign(row: RequestRow, approvals: StoredApproval[] | null): string {
  const required = Number(row.approvals_required);
  if (approvals) {
    return ` as the last of ${required} approvers (${approvals.map((a) => a.by).join(', ')})`;
  }
  const given = storedApprovals(row.approvals);
  return ` after ${given.length} of ${required} approvals${given.length ? ` (${given.map((a) => a.by).join(', ')})` : ''}`;
}

function conflictFor(row: RequestRow): AnswerResult {
  if (row.status === 'answered') {
    const who = row.answered_by?.startsWith('rule:')
      ? `rule ${row.answered_by.slice(5)}`
      : row.answered_by;
    return {
      status: 409,
      body: new ApiError(
        409,
        'already_answered',
        `Already answered by ${who} at ${row.answered_at}`,
        {
          answeredBy: row.answered_by,
          answeredAt: row.answered_at,
          response: row.response === null ? null : JSON.parse(row.response),
        },
      ).toBody(),
    };
  }
  if (row.status === 'expired') {
    return {
      status: 409,
      body: new ApiError(409, 'expired', 'This request expired before it was answered').toBody(),
    };
  }
  return {
    status: 409,
    body: new ApiError(409, 'not_pending', 'This request was cancelled').toBody(),
  };
}

/** Remember and edits are for admins and platforms that carry them; approvals are the server's to count. */
function checkToolResponse(request: RequestOf<'tool'>, user: User, response: ToolResponse): void {
  if (response.approvals) throw invalid({ approvals: 'Approvals are counted by the server' });
  const approving = response.decision === 'approve';
  if (response.remember) {
    if (user.role !== 'admin') throw forbidden('Only admins can remember a tool for a customer');
    if (!request.canRemember) throw invalid({ remember: 'This tool call cannot be remembered' });
    if (request.countersign) {
      throw invalid({ remember: 'A call that needs several approvals cannot be remembered' });
    }
  }
  if (response.input) {
    if (!approving) throw invalid({ input: 'Only an approval carries an edited input' });
    if (!request.editable) {
      throw invalid({ input: "This request's platform cannot carry an edited input" });
    }
    if (request.countersign) {
      throw invalid({
        input: 'A call that needs several approvals runs as asked: deny it to have it changed',
      });
    }
  }
  if (response.denyOption !== undefined) {
    if (approving) throw invalid({ denyOption: 'Only a deny carries a reason' });
    if (!request.denyOptions?.some((o) => o.name === response.denyOption)) {
      throw invalid({ denyOption: 'No such reason' });
    }
  }
  if (response.rememberScope && !(response.remember && approving)) {
    throw invalid({ rememberScope: 'Send a scope only to approve with remember: true' });
  }
}

/** Validates a response against the request's kind and payload; throws 422 or 403. */
function checkResponse(request: Request, user: User, body: unknown): AnyResponse {
  const response = parseOrInvalid(responseSchemas[request.kind], body) as AnyResponse;
  if (request.kind === 'questions') {
    const problems = questionsAnswerProblems(request.questions, response as never);
    if (Object.keys(problems).length) throw invalid(problems);
  }
  if (request.kind === 'message') {
    const problems = messageAnswerProblems(request.fields, response as never, request.options);
    if (Object.keys(problems).length) throw invalid(problems);
  }
  if (request.kind === 'tool') checkToolResponse(request, user, response as ToolResponse);
  return response;
}

async function storedResult(
  db: DbOrTrx,
  userId: string,
  key: string,
  requestId: string,
): Promise<AnswerResult | undefined> {
  const stored = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!stored) return undefined;
  if (stored.request_id !== requestId) {
    throw invalid({ 'Idempotency-Key': 'This key was already used for another request' });
  }
  return { status: stored.status === 200 ? 200 : 409, body: JSON.parse(stored.body) };
}

/**
 * Answers a request. The conditional update on `status = 'pending'` makes exactly one answer win, and
 * the idempotency key is stored in the same transaction, so a retried submit returns the first result.
 */
export async function answerRequest(
  ctx: DomainContext,
  user: User,
  requestId: string,
  body: unknown,
  idempotencyKey: string | undefined,
  origin: AuditOrigin = { actor: user.username, actorId: user.id, ip: null, userAgent: null },
): Promise<AnswerResult> {
  if (idempotencyKey) {
    const replay = await storedResult(ctx.db, user.id, idempotencyKey, requestId);
    if (replay) return replay;
  }
  const request = toRequest(await findRequestRow(ctx.db, requestId, 'all'));
  const response = checkResponse(request, user, body);

  let answeredAt: string | null = null;
  try {
    const outcome = await commit(ctx, async (trx, emit, at) => {
      answeredAt = null;
      if (idempotencyKey) {
        const replay = await storedResult(trx, user.id, idempotencyKey, requestId);
        if (replay) return replay;
      }
      const result = await applyAnswer(trx, emit, request, response, user, origin, at);
      if (result.status === 200) answeredAt = at;
      if (idempotencyKey) {
        await trx
          .insertInto('idempotency_keys')
          .values({
            user_id: user.id,
            key: idempotencyKey,
            request_id: requestId,
            status: result.status,
            body: JSON.stringify(result.body),
            created_at: at,
          })
          .execute();
      }
      return result;
    });
    if (answeredAt !== null)
      ctx.observe?.requestAnswered(request.kind, request.createdAt, answeredAt);
    return outcome;
  } catch (error) {
    if (idempotencyKey) {
      const replay = await storedResult(ctx.db, user.id, idempotencyKey, requestId);
      if (replay) return replay;
    }
    throw error;
  }
}

async function applyAnswer(
  trx: DbOrTrx,
  emit: Parameters<Parameters<typeof commit>[1]>[1],
  request: Request,
  response: AnyResponse,
  user: User,
  origin: AuditOrigin,
  at: string,
): Promise<AnswerResult> {
  const current = await findRequestRow(trx, request.id, 'all');
  if (current.status !== 'pending') return conflictFor(current);
  if (await expireIfDue(trx, emit, current, at)) {
    // Expired or denied by its policy: too late. Escalated: still open, so this answer may stand.
    const after = await findRequestRow(trx, request.id, 'all');
    if (after.status !== 'pending') return conflictFor(after);
  }
  let approvals: StoredApproval[] | null = null;
  if (current.approvals_required !== null && 'decision' in response) {
    if (response.decision === 'approve') {
      const outcome = await countApproval(
        trx,
        emit,
        current,
        response as ToolResponse,
        user,
        origin,
        at,
      );
      if (outcome.kind === 'not_pending') {
        return conflictFor(await findRequestRow(trx, request.id, 'all'));
      }
      if (outcome.kind === 'refused') return { status: 409, body: outcome.error.toBody() };
      if (outcome.kind === 'counted') {
        return { status: 200, body: toRequest(await findRequestRow(trx, request.id, 'all')) };
      }
      approvals = outcome.approvals;
      response = {
        ...(response as ToolResponse),
        approvals: publicApprovals(toJsonColumn(approvals)),
      };
    }
  }
  const remembered =
    request.kind === 'tool' &&
    'remember' in response &&
    response.remember &&
    response.decision === 'approve'
      ? await rememberedRule(trx, request, response as ToolResponse, user.username, at)
      : null;
  const updated = await trx
    .updateTable('requests')
    .set((eb) => ({
      status: 'answered',
      answered_by: user.username,
      answered_at: at,
      response: toJsonColumn(response),
      updated_at: at,
      ...(approvals ? { approvals: toJsonColumn(approvals) } : {}),
      // Answering claims a request nobody had claimed; a claim someone else held stays on record.
      assignee_id: eb.fn.coalesce('assignee_id', eb.val(user.id)),
      assignee_name: eb.fn.coalesce('assignee_name', eb.val(user.username)),
      claimed_at: eb.fn.coalesce('claimed_at', eb.val(at)),
    }))
    .where('id', '=', request.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    return conflictFor(await findRequestRow(trx, request.id, 'all'));
  }

  let message = describeAnswer(user.username, request, response);
  if (current.approvals_required !== null) {
    message = `${message}${describeCountersign(current, approvals)}`;
  }
  const inputChanges =
    request.kind === 'tool' && 'input' in response && response.input
      ? diffJson(request.input, response.input)
      : [];
  if (inputChanges.length) {
    message = `${message} with an edited input (${inputChanges.length} ${inputChanges.length === 1 ? 'change' : 'changes'})`;
  }
  let ruleId: string | undefined;
  if (remembered) {
    const { rule, created } = await insertRule(trx, emit, remembered, at);
    ruleId = rule.id;
    message = `${message} and remembered ${describeRule(rule)}${describeLimits(rule)}`;
    if (created) {
      await recordAudit(
        trx,
        origin,
        {
          action: 'rule.created',
          summary: `${user.username} pre-approved ${describeRule(rule)} while answering ${request.id}`,
          targetType: 'rule',
          targetId: rule.id,
          runId: request.runId,
          data: { ...ruleScopeData(rule), requestId: request.id },
        },
        at,
      );
    }
  }
  const decision = 'decision' in response ? response.decision : undefined;
  await recordAudit(
    trx,
    origin,
    {
      action: 'request.answered',
      summary: `${message} (${request.kind} request ${request.id})`,
      targetType: 'request',
      targetId: request.id,
      runId: request.runId,
      data: {
        kind: request.kind,
        ...(decision ? { decision } : {}),
        ...(ruleId ? { ruleId } : {}),
        ...(inputChanges.length ? { inputChanges } : {}),
        ...(approvals ? { approvedBy: approvals.map((a) => a.by) } : {}),
      },
    },
    at,
  );
  await addTimelineEvent(
    trx,
    {
      runId: request.runId,
      requestId: request.id,
      type: 'request.answered',
      message,
      data: {
        response,
        ...(ruleId ? { ruleId } : {}),
        ...(inputChanges.length ? { inputChanges } : {}),
      },
      actor: user.username,
    },
    at,
  );
  await refreshRunState(trx, request.runId, at);
  await enqueueAnswerDelivery(trx, { runId: request.runId, requestId: request.id }, at);
  emit({ type: 'request.answered', runId: request.runId, requestId: request.id });
  emit({ type: 'run.updated', runId: request.runId, requestId: null });
  return { status: 200, body: toRequest(await findRequestRow(trx, request.id, 'all')) };
}
