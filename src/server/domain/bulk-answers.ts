import type { BulkResponse, BulkResult } from '../../shared/bulk';
import type { Request } from '../../shared/requests';
import type { User } from '../../shared/users';
import { ApiError } from '../lib/api-error';
import { answerRequest } from './answers';
import type { AuditOrigin } from './audit';
import type { DomainContext } from './context';
import { findRequestRow } from './requests';

type ErrorBody = { error: { code: string; message: string; details?: { answeredBy?: string } } };

function fromResult(requestId: string, status: 200 | 409, body: unknown): BulkResult {
  if (status === 200) {
    const request = body as Request;
    if (request.status === 'answered') {
      return {
        requestId,
        outcome: 'answered',
        message: 'Answered',
        answeredBy: request.answeredBy,
      };
    }
    const held = request.countersign;
    const left = held ? held.required - held.approvals.length : 0;
    return {
      requestId,
      outcome: 'countersign',
      message: `Approval counted; it needs ${left} more ${left === 1 ? 'person' : 'people'}`,
    };
  }
  const { error } = body as ErrorBody;
  if (error.code === 'already_answered') {
    return {
      requestId,
      outcome: 'already_answered',
      message: error.message,
      answeredBy: error.details?.answeredBy ?? null,
    };
  }
  if (error.code === 'already_approved') {
    return { requestId, outcome: 'countersign', message: error.message };
  }
  return { requestId, outcome: 'closed', message: error.message };
}

/**
 * Answers each tool call on its own, one after another, through the same path as a single answer: its
 * own transaction, audit entry and delivery. A retried bulk call with the same key replays each item.
 */
export async function answerInBulk(
  ctx: DomainContext,
  user: User,
  input: BulkResponse,
  idempotencyKey: string | undefined,
  origin: AuditOrigin,
): Promise<BulkResult[]> {
  const body = {
    decision: input.decision,
    ...(input.note?.trim() ? { note: input.note.trim() } : {}),
  };
  const results: BulkResult[] = [];
  for (const requestId of input.requestIds) {
    try {
      const row = await findRequestRow(ctx.db, requestId, 'all');
      if (row.kind !== 'tool') {
        results.push({
          requestId,
          outcome: 'not_allowed',
          message: 'Only tool calls are decided in bulk',
        });
        continue;
      }
      const key = idempotencyKey ? `${idempotencyKey}:${requestId}` : undefined;
      const result = await answerRequest(ctx, user, requestId, body, key, origin);
      results.push(fromResult(requestId, result.status, result.body));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      results.push({
        requestId,
        outcome: error.status === 404 ? 'not_found' : 'not_allowed',
        message: error.message,
      });
    }
  }
  return results;
}
