import { createAgent, FakeToolCallingModel, humanInTheLoopMiddleware, tool } from 'langchain';
import * as z from 'zod';

/** Runs the tools it is given; their outputs are the ToolMessages the test reads back. */
const sendEmail = tool(({ to, body }) => `sent to ${to}: ${body}`, {
  name: 'send_email',
  description: 'Send an email',
  schema: z.object({ to: z.string(), body: z.string() }),
});
const deleteFile = tool(({ path }) => `deleted ${path}`, {
  name: 'delete_file',
  description: 'Delete a file',
  schema: z.object({ path: z.string() }),
});

/** First turn: two parallel tool calls, both gated; second turn: no calls, so the thread finishes. */
const model = new FakeToolCallingModel({
  toolCalls: [
    [
      { name: 'send_email', args: { to: 'ann@example.com', body: 'hello' }, id: 'call_email' },
      { name: 'delete_file', args: { path: '/tmp/report.txt' }, id: 'call_delete' },
    ],
    [],
  ],
});

export const graph = createAgent({
  model,
  tools: [sendEmail, deleteFile],
  middleware: [
    humanInTheLoopMiddleware({
      interruptOn: {
        send_email: { allowedDecisions: ['approve', 'edit', 'reject'] },
        delete_file: { allowedDecisions: ['approve', 'reject'] },
      },
    }),
  ],
});
