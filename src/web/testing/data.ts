import type { Request, RequestKind, RequestOf } from '../../shared/requests';
import type { RunDetail, RunSummary } from '../../shared/runs';
import type { User } from '../../shared/users';

let seq = 0;
const nextId = (prefix: string) => `${prefix}_${(++seq).toString(36).padStart(6, '0')}`;
const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString();

export const testUsers = {
  admin: { id: 'usr_admin', username: 'admin', role: 'admin' },
  reviewer: { id: 'usr_rev', username: 'rita', role: 'reviewer' },
  viewer: { id: 'usr_view', username: 'vic', role: 'viewer' },
} satisfies Record<string, User>;

const payloads = {
  questions: {
    questions: [
      {
        id: 'q1',
        text: 'Which plan should the customer get?',
        options: ['Basic', 'Pro'],
        allowOther: true,
      },
      { id: 'q2', text: 'Anything to tell them?', allowOther: true },
    ],
  },
  tool: {
    tool: 'refund_order',
    input: { amount: 240, currency: 'USD', customer: 'cust_123' },
    reason: 'Order arrived damaged',
    canRemember: true,
    editable: true,
  },
  plan: { plan: '# Plan\n\n1. Find the order\n2. Refund it' },
  review: { output: '## Draft reply\n\nThank you for your patience.', title: 'Reply to ticket 42' },
  message: { message: 'I need the shipping address.' },
  takeover: { instructions: 'Solve the captcha, then hand back.' },
} satisfies {
  [K in RequestKind]: Omit<RequestOf<K>, keyof ReturnType<typeof base> | 'kind' | 'response'>;
};

function base(runId: string) {
  return {
    id: nextId('req'),
    runId,
    status: 'pending' as const,
    createdAt: iso(60_000),
    expiresAt: null,
    answeredBy: null,
    answeredAt: null,
    delivery: { status: 'pending' as const, attempts: 0, lastError: null },
  };
}

export function makeRequest<K extends RequestKind>(
  kind: K,
  overrides: Partial<RequestOf<K>> = {},
): RequestOf<K> {
  return {
    kind,
    ...base(overrides.runId ?? 'run_test'),
    ...payloads[kind],
    response: null,
    ...overrides,
  } as unknown as RequestOf<K>;
}

export function makeRunSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id: nextId('run'),
    sourceId: 'native',
    externalId: null,
    title: 'Refund for order 1042',
    status: 'waiting',
    customer: 'cust_123',
    liveUrl: null,
    metadata: {},
    createdAt: iso(300_000),
    updatedAt: iso(60_000),
    waitingSince: iso(60_000),
    pendingKinds: ['tool'],
    pendingCount: 1,
    nextExpiresAt: null,
    ...overrides,
  };
}

export function makeRunDetail(requests: Request[], overrides: Partial<RunDetail> = {}): RunDetail {
  const summary = makeRunSummary({ id: requests[0]?.runId ?? 'run_test' });
  const run = {
    id: summary.id,
    sourceId: summary.sourceId,
    externalId: summary.externalId,
    title: summary.title,
    status: summary.status,
    customer: summary.customer,
    liveUrl: summary.liveUrl,
    metadata: summary.metadata,
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
    waitingSince: summary.waitingSince,
  };
  return {
    ...run,
    requests,
    timeline: [
      {
        id: nextId('evt'),
        runId: run.id,
        type: 'run.created',
        message: 'Run started',
        data: null,
        actor: 'agent',
        createdAt: run.createdAt,
      },
    ],
    ...overrides,
  };
}
