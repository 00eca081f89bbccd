import { randomUUID } from 'node:crypto';
import { startFakeServer, type RecordedCall } from './fake-server';

type FakeThread = {
  thread_id: string;
  status: 'interrupted' | 'busy' | 'idle' | 'error';
  metadata: Record<string, unknown>;
  interrupts: Record<string, { id: string; value: unknown }[]>;
};

/**
 * A LangGraph server as far as Countersign uses it: `POST /threads/search`, `GET /threads/{id}`,
 * `POST /threads/{id}/runs` (a resume takes the thread out of its interrupts), run status and cancel.
 * Shapes as the real server answers them (checked against @langchain/langgraph-api's dev server).
 */
export async function startLangGraphFake() {
  const threads = new Map<string, FakeThread>();
  const server = await startFakeServer([
    [
      'POST',
      /^\/threads\/search$/,
      (call) => {
        const status = (call.body as { status?: string } | null)?.status;
        return {
          status: 200,
          body: [...threads.values()].filter((t) => !status || t.status === status),
        };
      },
    ],
    [
      'GET',
      /^\/threads\/([^/]+)$/,
      (_call, [id]) => {
        const thread = threads.get(id!);
        return thread
          ? { status: 200, body: thread }
          : { status: 404, body: { detail: 'Thread not found' } };
      },
    ],
    [
      'POST',
      /^\/threads\/([^/]+)\/runs$/,
      (_call, [id]) => {
        const thread = threads.get(id!);
        if (!thread) return { status: 404, body: { detail: 'Thread not found' } };
        thread.status = 'idle';
        thread.interrupts = {};
        return { status: 200, body: { run_id: randomUUID(), thread_id: id, status: 'pending' } };
      },
    ],
    [
      'GET',
      /^\/threads\/([^/]+)\/runs\/([^/]+)$/,
      (_call, [threadId, runId]) => ({
        status: 200,
        body: { run_id: runId, thread_id: threadId, status: 'success' },
      }),
    ],
  ]);

  return {
    ...server,
    baseUrl: server.url,
    /** A thread waiting on one interrupt with this value (any of the three shapes). */
    interruptThread(value: unknown, interruptId = randomUUID().replaceAll('-', '')): string {
      const threadId = randomUUID();
      threads.set(threadId, {
        thread_id: threadId,
        status: 'interrupted',
        metadata: { graph_id: 'agent', assistant_id: 'asst-1' },
        interrupts: { [randomUUID()]: [{ id: interruptId, value }] },
      });
      return threadId;
    },
    /** The thread is resumed by someone else: it no longer waits on anything. */
    resolveElsewhere(threadId: string): void {
      const thread = threads.get(threadId);
      if (thread) Object.assign(thread, { status: 'idle', interrupts: {} });
    },
    /** The resumes sent to a thread. */
    resumes(threadId: string): RecordedCall[] {
      return server.callsTo('POST', `/threads/${threadId}/runs`);
    },
  };
}

export type LangGraphFake = Awaited<ReturnType<typeof startLangGraphFake>>;

/** The JS middleware's interrupt for these tool calls, every decision allowed. */
export function hitlInterrupt(calls: { name: string; args: Record<string, unknown> }[]) {
  return {
    actionRequests: calls.map((c) => ({ ...c, description: `Run ${c.name}` })),
    reviewConfigs: calls.map((c) => ({
      actionName: c.name,
      allowedDecisions: ['approve', 'edit', 'reject'],
    })),
  };
}
