import { describe, expect, it } from 'vitest';
import type { GroupDeliveryInput, PlatformHttp } from '../connector';
import { deliverGroupToLangGraph } from './langgraph-delivery';

const member = (interruptId: string) => ({
  status: 'answered' as const,
  input: {
    idempotencyKey: 'dlv_1',
    attempt: 1,
    inDoubt: false,
    run: { externalId: 'thread-1', externalData: {} },
    request: {
      id: 'req_1',
      runId: 'run_1',
      kind: 'tool',
      status: 'answered',
      createdAt: '2026-12-01T00:00:00.000Z',
      tool: 'send_email',
      input: {},
      canRemember: false,
      editable: true,
      response: null,
      externalId: `${interruptId}:0`,
      externalData: { interruptId, index: 0, shape: 'hitl-js', name: 'send_email' },
    },
    response: { decision: 'approve' },
  } as never,
});

function stub(interruptIds: string[]) {
  const posted: unknown[] = [];
  const http: PlatformHttp = async (url, init) => {
    const path = new URL(url).pathname;
    if (init.method === 'GET' && path === '/threads/thread-1') {
      const interrupts = Object.fromEntries(
        interruptIds.map((id, i) => [`task-${i}`, [{ id, value: {} }]]),
      );
      return Response.json({ thread_id: 'thread-1', metadata: { assistant_id: 'a1' }, interrupts });
    }
    if (init.method === 'POST' && path === '/threads/thread-1/runs') {
      posted.push(JSON.parse(String(init.body)));
      return Response.json({ run_id: 'run-9', status: 'pending' });
    }
    return Response.json({ status: 'success' });
  };
  return { posted, ctx: { http, now: () => new Date() } };
}

const source = {
  id: 'src_1',
  kind: 'langgraph' as const,
  name: 'LangGraph',
  baseUrl: 'http://langgraph.test',
  settings: {},
  secrets: {},
  state: {},
};

function input(inDoubt = false): GroupDeliveryInput {
  return {
    idempotencyKey: 'dlv_1',
    attempt: 1,
    inDoubt,
    run: { externalId: 'thread-1', externalData: {} },
    group: 'lg:int-a',
    members: [member('int-a')],
  };
}

describe('resuming a LangGraph thread', () => {
  it('sends the bare resume value when the thread waits on this interrupt alone', async () => {
    const { posted, ctx } = stub(['int-a']);
    expect(await deliverGroupToLangGraph(source, input(), ctx)).toEqual({ outcome: 'ok' });
    expect(posted).toEqual([
      {
        assistant_id: 'a1',
        command: { resume: { decisions: [{ type: 'approve' }] } },
        multitask_strategy: 'reject',
      },
    ]);
  });

  it('keys the resume by interrupt id when several interrupts are pending', async () => {
    const { posted, ctx } = stub(['int-b', 'int-a']);
    await deliverGroupToLangGraph(source, input(), ctx);
    expect(posted[0]).toMatchObject({
      command: { resume: { 'int-a': { decisions: [{ type: 'approve' }] } } },
    });
  });

  it('does not resume twice: an interrupt gone is delivered when in doubt, a conflict otherwise', async () => {
    const gone = stub(['int-other']);
    expect((await deliverGroupToLangGraph(source, input(true), gone.ctx)).outcome).toBe('ok');
    expect((await deliverGroupToLangGraph(source, input(false), gone.ctx)).outcome).toBe(
      'conflict',
    );
    expect(gone.posted).toEqual([]);
  });
});
