import { generateText, jsonSchema, tool, type ModelMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSession } from '../../src/server/demo/admin-session';
import { startRealServer, type RealServer } from '../../src/server/testing/real-server';
import type { AgentClient } from '../../src/shared/agent-client';
import { askForToolApprovals } from '../../src/shared/ai-sdk-approvals';
import type { RunDetail } from '../../src/shared/runs';

const agentToken = 'cs_ai_sdk_test_token';
const adminPassword = 'ai-sdk-test-password';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

/** A model that calls two tools at once, then answers in text once it sees their results. */
function twoCallModel() {
  return new MockLanguageModelV3({
    doGenerate: async ({ prompt }) => {
      const sawResults = prompt.some((m) => m.role === 'tool');
      if (sawResults) {
        return {
          content: [{ type: 'text', text: 'Done.' }],
          finishReason: { unified: 'stop', raw: undefined },
          usage,
          warnings: [],
        };
      }
      return {
        content: [
          {
            type: 'tool-call',
            toolCallId: 'call_refund',
            toolName: 'refund_order',
            input: JSON.stringify({ order: 'ord_4821', amount: 240 }),
          },
          {
            type: 'tool-call',
            toolCallId: 'call_email',
            toolName: 'email_customer',
            input: JSON.stringify({ to: 'cust_123' }),
          },
        ],
        finishReason: { unified: 'tool-calls', raw: undefined },
        usage,
        warnings: [],
      };
    },
  });
}

describe('AI SDK tool approvals answered in Countersign', () => {
  let server: RealServer;
  let client: AgentClient;
  let admin: DashboardSession;

  beforeAll(async () => {
    server = await startRealServer({ agentToken, adminPassword });
    ({ agent: client, admin } = server);
  });

  afterAll(() => server?.close());

  it('asks about both calls of a step as one group; the approved one runs, the denied one does not', async () => {
    const ran: string[] = [];
    const tools = {
      refund_order: tool({
        inputSchema: jsonSchema<{ order: string; amount: number }>({ type: 'object' }),
        needsApproval: true,
        execute: async ({ order }) => {
          ran.push(`refund ${order}`);
          return 'refunded';
        },
      }),
      email_customer: tool({
        inputSchema: jsonSchema<{ to: string }>({ type: 'object' }),
        needsApproval: true,
        execute: async ({ to }) => {
          ran.push(`email ${to}`);
          return 'sent';
        },
      }),
    };
    const model = twoCallModel();
    const messages: ModelMessage[] = [{ role: 'user', content: 'Refund order 4821' }];
    const first = await generateText({ model, tools, messages });
    messages.push(...first.response.messages);
    expect(ran).toEqual([]);

    const run = await client.createRun({ title: 'Refund order 4821' });
    const answering = askForToolApprovals(client, first.content, {
      runId: run.id,
      timeoutMs: 20_000,
    });

    let detail: RunDetail;
    do {
      detail = await admin.json<RunDetail>('GET', `/runs/${run.id}`);
    } while (detail.requests.length < 2);
    const [refund, email] = detail.requests;
    expect(refund).toMatchObject({
      kind: 'tool',
      tool: 'refund_order',
      input: { order: 'ord_4821', amount: 240 },
      editable: false,
      group: 'ai-step-call_refund',
    });
    expect(email).toMatchObject({ tool: 'email_customer', group: 'ai-step-call_refund' });
    await admin.json('POST', `/requests/${refund!.id}/response`, {
      decision: 'approve',
      note: 'ok',
    });
    await admin.json('POST', `/requests/${email!.id}/response`, {
      decision: 'deny',
      note: 'Not by email',
    });

    const toolMessage = await answering;
    const approvalIds = first.content
      .filter((p) => p.type === 'tool-approval-request')
      .map((p) => p.approvalId);
    expect(toolMessage).toEqual({
      role: 'tool',
      content: [
        {
          type: 'tool-approval-response',
          approvalId: approvalIds[0],
          approved: true,
          reason: 'ok',
        },
        {
          type: 'tool-approval-response',
          approvalId: approvalIds[1],
          approved: false,
          reason: 'Not by email',
        },
      ],
    });

    messages.push(toolMessage);
    const second = await generateText({ model, tools, messages });
    expect(ran).toEqual(['refund ord_4821']);
    expect(second.text).toBe('Done.');
  });

  it('denies a call nobody approved before it was cancelled, saying so', async () => {
    const run = await client.createRun({ title: 'Cancelled' });
    const content = [
      {
        type: 'tool-approval-request',
        approvalId: 'ap_1',
        toolCall: { toolCallId: 'c1', toolName: 'wire_money', input: 'all of it' },
      },
    ];
    const answering = askForToolApprovals(client, content, { runId: run.id, timeoutMs: 20_000 });
    let detail: RunDetail;
    do {
      detail = await admin.json<RunDetail>('GET', `/runs/${run.id}`);
    } while (detail.requests.length < 1);
    expect(detail.requests[0]).toMatchObject({ input: { input: 'all of it' } });
    await admin.json('POST', `/runs/${run.id}/stop`);
    expect((await answering).content).toEqual([
      {
        type: 'tool-approval-response',
        approvalId: 'ap_1',
        approved: false,
        reason: 'The request was cancelled before anyone approved it',
      },
    ]);
    expect(await askForToolApprovals(client, [{ type: 'text' }], { runId: run.id })).toEqual({
      role: 'tool',
      content: [],
    });
  });
});
