import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { AgentWaitTimeoutError, type AgentClient, type SettledRequest } from './agent-client';
import { fieldQuestion, parseField, skipAnswer, type FieldValue } from './mcp-elicitation-fields';
import { ownRecordOf } from './own-keys';
import type { Question } from './requests';

export type ElicitationBridgeOptions = {
  /** The agent client (`createAgentClient`) the requests are asked through. */
  client: AgentClient;
  /** The run to ask on; without one, each elicitation starts a run titled by `title` (or its message). */
  runId?: string;
  title?: string;
  /** Give up after this long and answer `cancel`; waits until someone answers when absent. */
  timeoutMs?: number;
  /** How often answers that do not fit the form are asked again before answering `cancel` (default 3). */
  maxAttempts?: number;
};

export type ElicitationHandler = (
  request: ElicitRequest,
  extra?: { signal?: AbortSignal },
) => Promise<ElicitResult>;

export const acceptChoice = 'Accept: send these answers';
export const declineChoice = 'Decline';
const decisionId = 'decision';

/**
 * A handler for an MCP client's `elicitation/create` (form mode): the form becomes a Countersign
 * `questions` request (a `message` request when it has no fields), answered by a person in the inbox.
 * The first question says accept or decline; each field is one question whose typed answer is read as
 * the field's type, and asked again when it does not fit. An answer is `accept` with the content, a
 * decline `decline`, and an expired, cancelled or timed-out request `cancel`.
 *
 *     client.setRequestHandler(ElicitRequestSchema, createElicitationHandler({ client: countersign }));
 */
export function createElicitationHandler(options: ElicitationBridgeOptions): ElicitationHandler {
  const { client } = options;
  const maxAttempts = options.maxAttempts ?? 3;

  async function settle<T extends SettledRequest>(asking: Promise<T>): Promise<T | null> {
    try {
      return await asking;
    } catch (error) {
      if (error instanceof AgentWaitTimeoutError) return null;
      throw error;
    }
  }

  return async (request, extra) => {
    const { params } = request;
    if (params.mode === 'url') {
      throw new Error('Countersign answers form elicitations only, not URL ones');
    }
    const { message, requestedSchema } = params;
    const wait = { timeoutMs: options.timeoutMs, signal: extra?.signal };
    const fields = Object.entries(requestedSchema.properties);
    const required = new Set(requestedSchema.required ?? []);
    const title = (options.title ?? message).trim().slice(0, 500) || 'Question from an MCP server';
    const runId = options.runId ?? (await client.createRun({ title })).id;

    if (fields.length === 0) {
      const settled = await settle(client.askAndWait(runId, { kind: 'message', message }, wait));
      return settled?.status === 'answered'
        ? { action: 'accept', content: {} }
        : { action: 'cancel' };
    }

    let problems = new Map<number, string>();
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const decision: Question = {
        id: decisionId,
        text: `${message.slice(0, 1800)}\n\nSend the answers below, or decline? (To decline, answer the others with ${skipAnswer}.)`,
        options: [acceptChoice, declineChoice],
        allowOther: false,
      };
      const questions = [
        decision,
        ...fields.map(([name, field], i) =>
          fieldQuestion(`f${i + 1}`, name, field, required.has(name), problems.get(i)),
        ),
      ];
      const settled = await settle(
        client.askAndWait(runId, { kind: 'questions', questions }, wait),
      );
      if (settled?.status !== 'answered') return { action: 'cancel' };
      const answers = new Map(settled.response.answers.map((a) => [a.questionId, a.value]));
      if (answers.get(decisionId) === declineChoice) return { action: 'decline' };

      problems = new Map();
      const content: [string, FieldValue][] = [];
      fields.forEach(([name, field], i) => {
        const parsed = parseField(field, required.has(name), answers.get(`f${i + 1}`) ?? '');
        if (!parsed.ok) problems.set(i, parsed.problem);
        else if (parsed.value !== undefined) content.push([name, parsed.value]);
      });
      if (problems.size === 0) return { action: 'accept', content: ownRecordOf(content) };
    }
    return { action: 'cancel' };
  };
}
