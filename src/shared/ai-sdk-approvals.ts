import type { AgentClient, WaitOptions } from './agent-client';
import type { Request } from './requests';

/**
 * The AI SDK's tool approvals (v6: tools with `needsApproval`), answered in Countersign. The types are
 * written out rather than imported so the client needs no `ai` package: they are the shapes
 * `generateText`/`streamText` put in `result.content` and read back from a `tool` message.
 */
export type ToolApprovalRequestPart = {
  type: 'tool-approval-request';
  approvalId: string;
  toolCall: { toolCallId: string; toolName: string; input: unknown };
};

export type ToolApprovalResponsePart = {
  type: 'tool-approval-response';
  approvalId: string;
  approved: boolean;
  reason?: string;
};

export type ToolApprovalOptions = WaitOptions & {
  /** The run the requests go on. */
  runId: string;
  /** Shown on each card as the agent's reason; by default none. */
  reason?: (part: ToolApprovalRequestPart) => string | undefined;
};

function isApprovalRequest(part: unknown): part is ToolApprovalRequestPart {
  return (
    typeof part === 'object' &&
    part !== null &&
    (part as { type?: unknown }).type === 'tool-approval-request'
  );
}

/** A tool input is an object of arguments; anything else is carried under `input`. */
function asArguments(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : { input };
}

function responseFor(request: Request, approvalId: string): ToolApprovalResponsePart {
  if (request.kind === 'tool' && request.response) {
    const { decision, note } = request.response;
    return {
      type: 'tool-approval-response',
      approvalId,
      approved: decision === 'approve',
      ...(note ? { reason: note } : {}),
    };
  }
  const reason =
    request.status === 'expired'
      ? 'Nobody approved it before the request expired'
      : 'The request was cancelled before anyone approved it';
  return { type: 'tool-approval-response', approvalId, approved: false, reason };
}

/**
 * Asks a person about every tool approval of one step (`result.content` of `generateText` or
 * `streamText`), as one group of `tool` requests on the run, and waits until all are decided. Returns
 * the `tool` message to append to the conversation before calling the model again; an expired or
 * cancelled call comes back denied, with why as the reason. The AI SDK runs a call with the model's own
 * input, so the requests cannot be edited before approving.
 */
export async function askForToolApprovals(
  client: AgentClient,
  content: readonly unknown[],
  options: ToolApprovalOptions,
): Promise<{ role: 'tool'; content: ToolApprovalResponsePart[] }> {
  const parts = content.filter(isApprovalRequest);
  if (parts.length === 0) return { role: 'tool', content: [] };
  const group = `ai-step-${parts[0]!.toolCall.toolCallId}`.replace(/[^A-Za-z0-9._:-]/g, '_');
  const created: { approvalId: string; requestId: string }[] = [];
  for (const part of parts) {
    const reason = options.reason?.(part);
    const request = await client.ask(options.runId, {
      kind: 'tool',
      tool: part.toolCall.toolName,
      input: asArguments(part.toolCall.input),
      editable: false,
      group: group.slice(0, 100),
      ...(reason ? { reason } : {}),
    });
    created.push({ approvalId: part.approvalId, requestId: request.id });
  }
  const decided = await client.waitForGroup(options.runId, group.slice(0, 100), options);
  const byId = new Map(decided.requests.map((r) => [r.id, r]));
  return {
    role: 'tool',
    content: created.map(({ approvalId, requestId }) => {
      const request = byId.get(requestId);
      if (!request) throw new Error(`Request ${requestId} is missing from its group`);
      return responseFor(request, approvalId);
    }),
  };
}
