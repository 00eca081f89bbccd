import { describe, expect, it } from 'vitest';
import type { GroupMember } from '../connector';
import { interruptRequests } from './langgraph-discovery';
import { resumeValue } from './langgraph-delivery';
import { parseInterrupt } from './langgraph-interrupts';

/**
 * Python's HumanInTheLoopMiddleware, as its documentation shows the interrupt value and the resume
 * (`Command(resume={"decisions": [...]})`, an edit carrying `edited_action`). There is no Python here
 * to run it, so this holds the connector to the documented form.
 */
const pythonInterrupt = {
  action_requests: [
    {
      name: 'execute_sql',
      args: { query: 'DELETE FROM records WHERE created_at < NOW()' },
      description: 'Tool execution pending approval\n\nTool: execute_sql',
    },
    { name: 'write_file', args: { filename: 'a.txt', content: 'hi' }, description: 'Write' },
    { name: 'send_email', args: { to: 'ann@example.com' }, description: 'Email' },
  ],
  review_configs: [
    { action_name: 'execute_sql', allowed_decisions: ['approve', 'reject'] },
    { action_name: 'write_file', allowed_decisions: ['approve', 'edit', 'reject'] },
    { action_name: 'send_email', allowed_decisions: ['approve', 'edit', 'reject'] },
  ],
};

function answered(
  request: ReturnType<typeof interruptRequests>[number],
  response: Record<string, unknown>,
): GroupMember {
  return {
    status: 'answered',
    input: {
      idempotencyKey: 'dlv_1',
      attempt: 1,
      inDoubt: false,
      run: { externalId: 'thread-1', externalData: {} },
      request: {
        id: 'req_x',
        runId: 'run_x',
        status: 'answered',
        createdAt: '2026-12-01T00:00:00.000Z',
        ...request.request,
        externalId: request.externalId,
        externalData: request.externalData ?? {},
      },
      response,
    } as never,
  };
}

describe('LangGraph interrupts', () => {
  it('reads the Python snake_case shape into one group of tool requests, editable where edit is allowed', () => {
    const parsed = parseInterrupt('int-1', pythonInterrupt);
    expect(parsed?.shape).toBe('hitl-py');
    const requests = interruptRequests(parsed!);
    expect(
      requests.map((r) => [r.externalId, r.request.kind === 'tool' && r.request.editable]),
    ).toEqual([
      ['int-1:0', false],
      ['int-1:1', true],
      ['int-1:2', true],
    ]);
    expect(new Set(requests.map((r) => r.request.group))).toEqual(new Set(['lg:int-1']));
  });

  it('answers the Python shape with decisions in its words: edited_action for an edit', () => {
    const requests = interruptRequests(parseInterrupt('int-1', pythonInterrupt)!);
    // Given out of order: the decisions follow the interrupt's order, not the answers'.
    const value = resumeValue([
      answered(requests[2]!, { decision: 'deny', note: 'not now' }),
      answered(requests[0]!, { decision: 'approve' }),
      answered(requests[1]!, { decision: 'approve', input: { filename: 'b.txt', content: 'hi' } }),
    ]);
    expect(value).toEqual({
      decisions: [
        { type: 'approve' },
        {
          type: 'edit',
          edited_action: { name: 'write_file', args: { filename: 'b.txt', content: 'hi' } },
        },
        { type: 'reject', message: 'not now' },
      ],
    });
  });

  it('rejects a member that expired unanswered, saying so, so the graph can go on', () => {
    const requests = interruptRequests(parseInterrupt('int-1', pythonInterrupt)!);
    const expired = answered(requests[1]!, {});
    const value = resumeValue([
      answered(requests[0]!, { decision: 'approve' }),
      {
        status: 'expired',
        request: (expired as unknown as { input: { request: never } }).input.request,
      },
      answered(requests[2]!, { decision: 'approve' }),
    ]);
    expect(value).toEqual({
      decisions: [
        { type: 'approve' },
        { type: 'reject', message: 'Not answered in Countersign before it expired' },
        { type: 'approve' },
      ],
    });
  });

  it('leaves an interrupt of another shape alone', () => {
    expect(parseInterrupt('int-2', 'What is your name?')).toBeNull();
    expect(parseInterrupt('int-3', { question: 'name?' })).toBeNull();
    expect(parseInterrupt('int-4', { actionRequests: [{ name: 'x', args: 'no' }] })).toBeNull();
  });
});
