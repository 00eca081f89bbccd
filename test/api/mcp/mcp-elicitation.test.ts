import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ElicitRequestSchema,
  type ElicitRequestFormParams,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  acceptChoice,
  createElicitationHandler,
  declineChoice,
} from '../../../src/shared/mcp-elicitation';
import type { RequestOf } from '../../../src/shared/requests';
import { pendingRequestOn, startCountersign, type Countersign } from './countersign-for-mcp';

const tripForm: ElicitRequestFormParams['requestedSchema'] = {
  type: 'object',
  properties: {
    email: { type: 'string', title: 'Contact email', format: 'email' },
    nights: { type: 'integer', title: 'Nights', minimum: 1, maximum: 14 },
    refundable: { type: 'boolean', title: 'Refundable fare' },
    cabin: {
      type: 'string',
      title: 'Cabin',
      oneOf: [
        { const: 'eco', title: 'Economy' },
        { const: 'biz', title: 'Business' },
      ],
    },
    extras: {
      type: 'array',
      title: 'Extras',
      items: {
        anyOf: [
          { const: 'bag', title: 'Checked bag' },
          { const: 'seat', title: 'Seat choice' },
          { const: 'meal', title: 'Meal' },
        ],
      },
    },
    remarks: { type: 'string', title: 'Remarks' },
  },
  required: ['email', 'nights', 'refundable', 'cabin'],
};

/**
 * A real MCP server whose tool asks its client for a form (elicitInput); the SDK checks the content it
 * gets back against the form's schema. The client's handler is the bridge, pointed at Countersign.
 */
async function connectBridge(cs: Countersign, runId: string) {
  const server = new McpServer({ name: 'travel-agent', version: '1.0.0' });
  server.registerTool(
    'book_trip',
    {
      description: 'Books a trip after asking for the details',
      inputSchema: { form: z.optional(z.string()) },
    },
    async ({ form }) => {
      const schema = JSON.parse(
        form ?? JSON.stringify(tripForm),
      ) as ElicitRequestFormParams['requestedSchema'];
      const result = await server.server.elicitInput({
        mode: 'form',
        message: 'Details for the Lisbon trip',
        requestedSchema: schema,
      });
      return { content: [{ type: 'text', text: JSON.stringify(result) }] };
    },
  );
  const client = new Client(
    { name: 'agent-host', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } } },
  );
  client.setRequestHandler(
    ElicitRequestSchema,
    createElicitationHandler({ client: cs.agent, runId }),
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  const book = async (form?: object): Promise<ElicitResult> => {
    const result = await client.callTool({
      name: 'book_trip',
      arguments: form ? { form: JSON.stringify(form) } : {},
    });
    const content = result.content as { text: string }[];
    if (result.isError) throw new Error(content[0]!.text);
    return JSON.parse(content[0]!.text) as ElicitResult;
  };
  return { book, close: () => client.close() };
}

describe('elicitation bridge: an MCP server’s form answered by a person in Countersign', () => {
  let cs: Countersign;

  beforeAll(async () => {
    cs = await startCountersign({ waitMs: 10_000, progressEveryMs: 1000 });
  });

  afterAll(async () => {
    await cs?.close();
  });

  async function pendingQuestions(runId: string) {
    const request = await pendingRequestOn(cs.admin, runId);
    expect(request.kind).toBe('questions');
    return request as RequestOf<'questions'>;
  }

  const answer = (requestId: string, values: Record<string, string>) =>
    cs.admin.json('POST', `/requests/${requestId}/response`, {
      answers: Object.entries(values).map(([questionId, value]) => ({ questionId, value })),
    });

  it('turns every kind of field into a question and returns accept with typed content', async () => {
    const run = await cs.agent.createRun({ title: 'Trip to Lisbon' });
    const bridge = await connectBridge(cs, run.id);
    const booking = bridge.book();
    const request = await pendingQuestions(run.id);
    expect(request.questions.map((q) => q.id)).toEqual([
      'decision',
      'f1',
      'f2',
      'f3',
      'f4',
      'f5',
      'f6',
    ]);
    expect(request.questions[0]).toMatchObject({
      text: expect.stringContaining('Details for the Lisbon trip'),
      options: [acceptChoice, declineChoice],
      allowOther: false,
    });
    expect(request.questions[2]?.text).toContain('a whole number from 1 to 14');
    expect(request.questions[3]).toMatchObject({ options: ['Yes', 'No'], allowOther: false });
    expect(request.questions[4]).toMatchObject({ options: ['Economy', 'Business'] });
    expect(request.questions[5]?.text).toContain('Checked bag, Seat choice, Meal');
    expect(request.questions[6]?.text).toContain('optional');
    await answer(request.id, {
      decision: acceptChoice,
      f1: 'ana@example.com',
      f2: '4',
      f3: 'No',
      f4: 'Business',
      f5: 'Checked bag, meal',
      f6: '-',
    });
    expect(await booking).toEqual({
      action: 'accept',
      content: {
        email: 'ana@example.com',
        nights: 4,
        refundable: false,
        cabin: 'biz',
        extras: ['bag', 'meal'],
      },
    });
    await bridge.close();
  });

  it('asks again, naming the problem, when an answer does not fit the field', async () => {
    const run = await cs.agent.createRun({ title: 'Trip to Porto' });
    const bridge = await connectBridge(cs, run.id);
    const booking = bridge.book();
    const first = await pendingQuestions(run.id);
    await answer(first.id, {
      decision: acceptChoice,
      f1: 'not an email',
      f2: 'lots',
      f3: 'Yes',
      f4: 'Economy',
      f5: '-',
      f6: '-',
    });
    const second = await pendingQuestions(run.id);
    expect(second.id).not.toBe(first.id);
    expect(second.questions[1]?.text).toMatch(/^That was not an email address/);
    expect(second.questions[2]?.text).toMatch(/^That was not a number/);
    await answer(second.id, {
      decision: acceptChoice,
      f1: 'ana@example.com',
      f2: '2',
      f3: 'Yes',
      f4: 'Economy',
      f5: '-',
      f6: 'Window, please',
    });
    expect(await booking).toEqual({
      action: 'accept',
      content: {
        email: 'ana@example.com',
        nights: 2,
        refundable: true,
        cabin: 'eco',
        remarks: 'Window, please',
      },
    });
    await bridge.close();
  });

  it('maps Decline to decline and a stopped run to cancel', async () => {
    const run = await cs.agent.createRun({ title: 'Trip to Faro' });
    const bridge = await connectBridge(cs, run.id);
    const declined = bridge.book();
    const request = await pendingQuestions(run.id);
    await answer(request.id, {
      decision: declineChoice,
      f1: '-',
      f2: '-',
      f3: 'No',
      f4: 'Economy',
      f5: '-',
      f6: '-',
    });
    expect(await declined).toEqual({ action: 'decline' });

    const cancelled = bridge.book();
    await pendingQuestions(run.id);
    await cs.admin.json('POST', `/runs/${run.id}/stop`);
    expect(await cancelled).toEqual({ action: 'cancel' });
    await bridge.close();
  });

  it('asks a form without fields as a message, and accepts once it is answered', async () => {
    const run = await cs.agent.createRun({ title: 'Confirm the trip' });
    const bridge = await connectBridge(cs, run.id);
    const confirming = bridge.book({ type: 'object', properties: {} });
    const request = await pendingRequestOn(cs.admin, run.id);
    expect(request).toMatchObject({ kind: 'message', message: 'Details for the Lisbon trip' });
    await cs.admin.json('POST', `/requests/${request.id}/response`, { text: 'Go ahead' });
    expect(await confirming).toEqual({ action: 'accept', content: {} });
    await bridge.close();
  });
});
