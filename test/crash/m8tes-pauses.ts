import type { FakeGate } from '../fakes/m8tes';

/** The three m8tes gates the crash test raises, and a reviewer's answer with the body m8tes must receive. */
export type PauseKind = 'tool' | 'questions' | 'plan';
export const pauseKinds: readonly PauseKind[] = ['tool', 'questions', 'plan'];

type GateInput = Omit<FakeGate, 'request_id' | 'status' | 'created_at' | 'resolved_at'>;

export function gateFor(kind: PauseKind, n: number): GateInput {
  if (kind === 'tool') {
    return {
      tool_name: 'refund_order',
      tool_input: { orderId: n, amount: 5 + (n % 90) },
      display_name: 'Refund an order',
      can_remember: true,
    };
  }
  const question =
    kind === 'plan'
      ? {
          question: `1. Pull order ${n}\n2. Refund it`,
          header: 'Plan Approval',
          options: ['Approve', 'Revise'],
        }
      : { question: `Which region for order ${n}?`, header: 'Region', options: ['eu', 'us'] };
  const questions = [
    {
      question: question.question,
      header: question.header,
      multiSelect: false,
      options: question.options.map((label) => ({ label })),
    },
  ];
  if (kind === 'questions') {
    questions.push({
      question: 'Anything to add?',
      header: 'Notes',
      multiSelect: false,
      options: [],
    });
  }
  return { tool_name: 'AskUserQuestion', tool_input: { questions } };
}

type PendingRequest = {
  kind: string;
  questions?: { id: string; text: string; options?: string[] }[];
};

export type PlannedAnswer = {
  response: Record<string, unknown>;
  expectedBody: Record<string, unknown>;
  expectedGateStatus: 'allowed' | 'denied';
};

/** A varied answer for a pending request, and what m8tes's /approve or /answer must receive for it. */
export function answerFor(request: PendingRequest, gateId: string, n: number): PlannedAnswer {
  if (request.kind === 'tool') {
    const approve = n % 3 !== 0;
    const note = n % 2 === 0 ? `Checked by the crash test (${n})` : undefined;
    return {
      response: { decision: approve ? 'approve' : 'deny', ...(note ? { note } : {}) },
      expectedBody: {
        request_id: gateId,
        decision: approve ? 'allow' : 'deny',
        remember: false,
        ...(note ? { reason: note } : {}),
      },
      expectedGateStatus: approve ? 'allowed' : 'denied',
    };
  }
  if (request.kind === 'plan') {
    const approve = n % 2 === 0;
    const feedback = `Refund half first (${n})`;
    return {
      response: approve ? { decision: 'approve' } : { decision: 'revise', feedback },
      expectedBody: {
        answers: { 'Plan Approval': approve ? 'Approve' : `Revise: ${feedback}` },
        request_id: gateId,
      },
      expectedGateStatus: 'allowed',
    };
  }
  const questions = request.questions ?? [];
  const values = questions.map((q, i) => q.options?.[n % q.options.length] ?? `Note ${n}.${i}`);
  return {
    response: { answers: questions.map((q, i) => ({ questionId: q.id, value: values[i] })) },
    expectedBody: {
      answers: Object.fromEntries(questions.map((q, i) => [q.text, values[i]])),
      request_id: gateId,
    },
    expectedGateStatus: 'allowed',
  };
}
