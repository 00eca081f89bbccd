import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createRequestSchema, type CreateRequest, type Request } from '../../shared/requests';
import { createRunSchema } from '../../shared/runs';
import type { AppVariables } from '../http/app-env';
import { getRequest, createRequest } from '../domain/requests';
import { createRun } from '../domain/runs';
import { ApiError } from '../lib/api-error';
import { parseOrInvalid } from '../lib/validate';
import {
  askMessageInput,
  askQuestionsInput,
  permissionPromptInput,
  requestApprovalInput,
  requestPlanApprovalInput,
  requestReviewInput,
  waitForAnswerInput,
} from './tool-inputs';
import { jsonResult, permissionResult, requestResult, toolError } from './tool-results';
import { waitWithProgress, type McpWaitSettings } from './wait-with-progress';

type Deps = AppVariables['deps'];

/** What every asking tool shares: where to ask, and how long the request may wait. */
type Target = { runId?: string; title?: string; customer?: string; expiresInSeconds?: number };

type Extra = {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification: (notification: {
    method: 'notifications/progress';
    params: { progressToken: string | number; progress: number; message: string };
  }) => Promise<void>;
};

export const serverVersion = '1.0.0';

const waitHint =
  'Blocks until a person answers in Countersign (or the server\'s wait limit passes: then the result has status "pending" and a requestId for wait_for_answer). With a progress token, progress notifications keep the call alive meanwhile.';

/**
 * One MCP server for one HTTP request (stateless: any process can serve any call). Each asking tool
 * checks the request like the REST API, creates it through the domain (rules, countersigning, audit,
 * live updates all apply), waits for the answer, and returns it as JSON a model can read.
 */
export function createMcpServer(
  deps: Deps,
  sourceId: string,
  settings: McpWaitSettings,
  httpSignal: AbortSignal,
): McpServer {
  const scope = { sourceId };
  const server = new McpServer(
    { name: 'countersign', version: serverVersion },
    {
      instructions:
        'Countersign puts your question in front of a person and returns their answer. Ask before anything irreversible or risky (request_approval), when unsure (ask_questions), or for sign-off on a plan or an output. Reuse the runId of the first result for later requests of the same task.',
    },
  );

  /** Turns a refusal into a tool error the model can act on; anything unexpected is logged, not shown. */
  async function guarded(name: string, work: () => Promise<CallToolResult>) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError) return toolError(error.message, error.details);
      deps.logger.error('MCP tool failed', {
        tool: name,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
      return toolError('Something went wrong on our side; try again later');
    }
  }

  async function waitFor(request: Request, extra: Extra): Promise<Request> {
    if (request.status !== 'pending') return request;
    const token = extra._meta?.progressToken;
    return waitWithProgress(
      deps,
      request.id,
      scope,
      settings,
      {
        token,
        send: (progress, message) =>
          extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token!, progress, message },
          }),
      },
      AbortSignal.any([extra.signal, httpSignal]),
    );
  }

  /** Checks the request first, so a refused one leaves no empty run behind; then asks on the run. */
  async function ask(
    tool: string,
    target: Target,
    request: CreateRequest,
    defaultTitle: string,
    extra: Extra,
  ): Promise<Request> {
    const expiresAt =
      target.expiresInSeconds === undefined
        ? undefined
        : new Date(deps.now().getTime() + target.expiresInSeconds * 1000).toISOString();
    const parsed = parseOrInvalid(createRequestSchema, { ...request, expiresAt });
    let runId = target.runId;
    if (runId === undefined) {
      const run = parseOrInvalid(createRunSchema, {
        title: target.title?.trim() || defaultTitle,
        ...(target.customer?.trim() ? { customer: target.customer } : {}),
      });
      runId = (await createRun(deps, sourceId, run, 'MCP')).id;
    }
    const created = await createRequest(deps, scope, runId, parsed, {
      label: 'MCP',
      data: { via: 'mcp', tool },
    });
    return waitFor(created, extra);
  }

  server.registerTool(
    'ask_questions',
    {
      title: 'Ask a person questions',
      description: `Ask a person one or more questions and get their answers (each names its questionId). Use when you need information or a choice only a person can give. ${waitHint}`,
      inputSchema: askQuestionsInput,
    },
    (args, extra) =>
      guarded('ask_questions', async () => {
        const questions = args.questions.map((q, i) => ({ ...q, id: q.id ?? `q${i + 1}` }));
        const request = { kind: 'questions' as const, questions };
        const title = `Questions: ${args.questions[0]?.text ?? ''}`.slice(0, 200);
        return jsonResult(requestResult(await ask('ask_questions', args, request, title, extra)));
      }),
  );

  server.registerTool(
    'request_approval',
    {
      title: 'Ask a person to approve a tool call',
      description: `Ask a person to approve or deny a tool call before you make it. The result has decision ("approve" or "deny"), input (the arguments to run with, possibly edited by the reviewer; null when denied), edited, and the reviewer's note. Only make the call when approved, with the returned input. ${waitHint}`,
      inputSchema: requestApprovalInput,
    },
    (args, extra) =>
      guarded('request_approval', async () => {
        const request = {
          kind: 'tool' as const,
          tool: args.tool,
          input: args.input as Record<string, unknown>,
          ...(args.reason === undefined ? {} : { reason: args.reason }),
        };
        const title = `Approve ${args.tool}`;
        return jsonResult(
          requestResult(await ask('request_approval', args, request, title, extra)),
        );
      }),
  );

  server.registerTool(
    'request_plan_approval',
    {
      title: 'Ask a person to approve a plan',
      description: `Show a person your plan before you carry it out. The result has decision "approve", or "revise" with feedback to act on before asking again. ${waitHint}`,
      inputSchema: requestPlanApprovalInput,
    },
    (args, extra) =>
      guarded('request_plan_approval', async () => {
        const request = { kind: 'plan' as const, plan: args.plan };
        return jsonResult(
          requestResult(await ask('request_plan_approval', args, request, 'Plan approval', extra)),
        );
      }),
  );

  server.registerTool(
    'request_review',
    {
      title: 'Ask a person to review an output',
      description: `Ask a person to review an output (a draft, a report, a change) before it is used or sent. The result has decision "approve" or "reject", with feedback. ${waitHint}`,
      inputSchema: requestReviewInput,
    },
    (args, extra) =>
      guarded('request_review', async () => {
        const request = {
          kind: 'review' as const,
          output: args.output,
          ...(args.reviewTitle === undefined ? {} : { title: args.reviewTitle }),
        };
        const title = args.reviewTitle?.trim() ? `Review: ${args.reviewTitle}` : 'Review';
        return jsonResult(
          requestResult(await ask('request_review', args, request, title.slice(0, 500), extra)),
        );
      }),
  );

  server.registerTool(
    'ask_message',
    {
      title: 'Send a person a message and get a reply',
      description: `Tell a person something and get their reply: free text, or the named fields you ask for. ${waitHint}`,
      inputSchema: askMessageInput,
    },
    (args, extra) =>
      guarded('ask_message', async () => {
        const request = {
          kind: 'message' as const,
          message: args.message,
          ...(args.fields === undefined ? {} : { fields: args.fields }),
        };
        return jsonResult(requestResult(await ask('ask_message', args, request, 'Message', extra)));
      }),
  );

  server.registerTool(
    'permission_prompt',
    {
      title: 'Ask a person whether a tool may run (Claude Code permission prompt)',
      description:
        'For Claude Code\'s --permission-prompt-tool: asks a person whether the tool use may run. Returns {"behavior":"allow","updatedInput":{…}} (the input as the reviewer approved it) or {"behavior":"deny","message":"…"}.',
      inputSchema: permissionPromptInput,
    },
    (args, extra) =>
      guarded('permission_prompt', async () => {
        const request = {
          kind: 'tool' as const,
          tool: args.tool_name,
          input: args.input as Record<string, unknown>,
          ...(args.tool_use_id === undefined ? {} : { reason: `Tool use ${args.tool_use_id}` }),
        };
        const title = `Permission to use ${args.tool_name}`;
        return permissionResult(await ask('permission_prompt', args, request, title, extra));
      }),
  );

  server.registerTool(
    'wait_for_answer',
    {
      title: 'Keep waiting for an answer',
      description: `Keep waiting for the answer to a request whose result said status "pending". Returns the same result as the tool that asked. ${waitHint}`,
      inputSchema: waitForAnswerInput,
      annotations: { readOnlyHint: true },
    },
    (args, extra) =>
      guarded('wait_for_answer', async () => {
        const request = await getRequest(deps, args.requestId, scope, { deliver: true });
        return jsonResult(requestResult(await waitFor(request, extra)));
      }),
  );

  return server;
}
