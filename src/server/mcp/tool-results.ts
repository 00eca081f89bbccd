import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { approvedInput, type Request } from '../../shared/requests';

/** What a tool call returns: the JSON as text (what every client reads) and as structured content. */
export function jsonResult(value: Record<string, unknown>, isError = false): CallToolResult {
  return {
    content: [{ type: 'text', text: JSON.stringify(value) }],
    structuredContent: value,
    ...(isError ? { isError: true } : {}),
  };
}

/** A refusal the agent can act on (bad arguments, a finished run, an unknown request). */
export function toolError(message: string, details?: Record<string, unknown>): CallToolResult {
  return {
    content: [
      { type: 'text', text: JSON.stringify({ error: message, ...(details ? { details } : {}) }) },
    ],
    isError: true,
  };
}

function answerOf(request: Request): Record<string, unknown> {
  if (request.response === null) return {};
  switch (request.kind) {
    case 'questions': {
      const byId = new Map(request.questions.map((q) => [q.id, q.text]));
      return {
        answers: request.response.answers.map((a) => ({
          questionId: a.questionId,
          question: byId.get(a.questionId) ?? null,
          answer: a.value,
        })),
      };
    }
    case 'tool': {
      const { decision, note, approvals } = request.response;
      const input = approvedInput(request, request.response);
      return {
        decision,
        // Denied: nothing may run. Approved: run exactly this, which the reviewer may have edited.
        input,
        edited: request.response.input !== undefined,
        ...(note ? { note } : {}),
        ...(approvals ? { approvals } : {}),
      };
    }
    case 'plan':
    case 'review':
    case 'takeover':
    case 'message':
      return { ...request.response };
  }
}

/** Why a request ended without an answer, said so that a model does not carry on as if approved. */
const endedWithout = {
  expired:
    'Nobody answered before the request expired. Do not go ahead as if it had been approved.',
  cancelled:
    'The request was cancelled (a person stopped the run). Stop this task; do not go ahead.',
} as const;

/** The result of a tool that asked and waited: the answer, how it ended, or that it is still pending. */
export function requestResult(request: Request): Record<string, unknown> {
  const base = { requestId: request.id, runId: request.runId };
  switch (request.status) {
    case 'answered':
      return { status: 'answered', ...base, answeredBy: request.answeredBy, ...answerOf(request) };
    case 'expired':
    case 'cancelled':
      return { status: request.status, ...base, message: endedWithout[request.status] };
    case 'pending':
      return {
        status: 'pending',
        ...base,
        message:
          'Nobody has answered yet. Call wait_for_answer with this requestId to keep waiting; do not go ahead meanwhile.',
      };
  }
}

/**
 * Claude Code's --permission-prompt-tool contract: the text is `{"behavior":"allow","updatedInput":…}`
 * or `{"behavior":"deny","message":…}`. Anything but an approval is a deny whose message says why.
 */
export function permissionResult(request: Request): CallToolResult {
  const response = request.kind === 'tool' && request.status === 'answered' && request.response;
  let body: Record<string, unknown>;
  if (response && response.decision === 'approve') {
    body = { behavior: 'allow', updatedInput: approvedInput(request, response) };
  } else if (response) {
    const by = request.answeredBy ?? 'a reviewer';
    body = { behavior: 'deny', message: response.note || `Denied by ${by} in Countersign` };
  } else if (request.status === 'pending') {
    body = {
      behavior: 'deny',
      message: `Nobody has answered in Countersign yet (request ${request.id}). The call was not run. Call wait_for_answer with {"requestId":"${request.id}"} to learn the decision.`,
    };
  } else {
    const ended = request.status === 'expired' ? 'expired' : 'cancelled';
    body = { behavior: 'deny', message: `${endedWithout[ended]} (request ${request.id})` };
  }
  return { content: [{ type: 'text', text: JSON.stringify(body) }] };
}
