import { http, HttpResponse } from 'msw';
import type { Request } from '../../../shared/requests';
import type { CreateRule, Rule } from '../../../shared/rules';
import { type RunDetail, type RunSummary, runSchema } from '../../../shared/runs';
import type { User } from '../../../shared/users';
import { testUsers } from '../data';
import { ssoDb, ssoHandlers } from './sso-handlers';
import { slackDb, slackHandlers } from './slack-handlers';
import { teamDb, teamHandlers } from './team-handlers';
import { webhookDb, webhookHandlers } from './webhook-handlers';

const api = (path: string) => `*/api/v1${path}`;

/** The fake backend's state; tests seed it directly and read what the app sent. */
export const mockDb = {
  me: testUsers.reviewer as User | null,
  runs: [] as RunSummary[],
  details: new Map<string, RunDetail>(),
  rules: [] as Rule[],
  answers: [] as { requestId: string; body: unknown; idempotencyKey: string | null }[],
  bulk: [] as { decision: string; requestIds: string[] }[],
  reset() {
    teamDb.reset();
    webhookDb.reset();
    ssoDb.reset();
    slackDb.reset();
    this.me = testUsers.reviewer;
    this.runs = [];
    this.details.clear();
    this.rules = [];
    this.answers = [];
    this.bulk = [];
  },
};

export const errorBody = (code: string, message: string, details?: Record<string, unknown>) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

function findRequest(id: string): Request | undefined {
  for (const detail of mockDb.details.values()) {
    const found = detail.requests.find((r) => r.id === id);
    if (found) return found;
  }
  return undefined;
}

export const handlers = [
  http.get(api('/auth/methods'), () => HttpResponse.json({ password: true, oidc: false })),
  http.get(api('/me'), () =>
    mockDb.me
      ? HttpResponse.json(mockDb.me)
      : HttpResponse.json(errorBody('unauthorized', 'Sign in first'), { status: 401 }),
  ),
  http.delete(api('/session'), () => new HttpResponse(null, { status: 204 })),
  http.get(api('/sources'), () =>
    HttpResponse.json({
      items: [
        { id: 'native', kind: 'native', name: 'Native API', createdAt: '2026-01-01T00:00:00.000Z' },
      ],
      nextCursor: null,
    }),
  ),
  http.get(api('/runs'), ({ request }) => {
    const url = new URL(request.url);
    const kind = url.searchParams.get('kind');
    const q = url.searchParams.get('q')?.toLowerCase();
    const items = mockDb.runs.filter(
      (r) =>
        (!kind || r.pendingKinds.includes(kind as never)) &&
        (!q || r.title.toLowerCase().includes(q) || r.customer?.toLowerCase().includes(q)),
    );
    return HttpResponse.json({ items, nextCursor: null });
  }),
  http.get(api('/runs/:id'), ({ params }) => {
    const detail = mockDb.details.get(String(params.id));
    return detail
      ? HttpResponse.json(detail)
      : HttpResponse.json(errorBody('not_found', 'No such run'), { status: 404 });
  }),
  http.post(api('/requests/:id/response'), async ({ params, request }) => {
    const found = findRequest(String(params.id));
    if (!found)
      return HttpResponse.json(errorBody('not_found', 'No such request'), { status: 404 });
    const body = await request.json();
    mockDb.answers.push({
      requestId: found.id,
      body,
      idempotencyKey: request.headers.get('Idempotency-Key'),
    });
    const answered = {
      ...found,
      status: 'answered',
      response: body,
      answeredBy: mockDb.me?.username ?? null,
      answeredAt: new Date().toISOString(),
    };
    return HttpResponse.json(answered);
  }),
  http.post(api('/requests/bulk-response'), async ({ request }) => {
    const body = (await request.json()) as { decision: string; requestIds: string[] };
    mockDb.bulk.push(body);
    const results = body.requestIds.map((requestId) => {
      const found = findRequest(requestId);
      if (!found) return { requestId, outcome: 'not_found', message: 'Request not found' };
      if (found.status !== 'pending') {
        return {
          requestId,
          outcome: 'already_answered',
          message: `Already answered by ${found.answeredBy}`,
          answeredBy: found.answeredBy,
        };
      }
      return {
        requestId,
        outcome: 'answered',
        message: 'Answered',
        answeredBy: mockDb.me?.username,
      };
    });
    return HttpResponse.json({ results });
  }),
  http.get(api('/rules'), () => HttpResponse.json({ items: mockDb.rules, nextCursor: null })),
  http.get(api('/stream'), () => new HttpResponse(null, { status: 204 })),
  // Nobody else has the run open unless a test says so.
  http.put(api('/runs/:id/presence'), () => HttpResponse.json({ viewers: [] })),
  http.delete(api('/runs/:id/presence'), () => new HttpResponse(null, { status: 204 })),
  http.post(api('/runs/:id/stop'), ({ params }) => {
    const detail = mockDb.details.get(String(params.id));
    if (!detail) return HttpResponse.json(errorBody('not_found', 'No such run'), { status: 404 });
    const stopped: RunDetail = {
      ...detail,
      status: 'stopped',
      updatedAt: new Date().toISOString(),
      requests: detail.requests.map((r) =>
        r.status === 'pending' ? { ...r, status: 'cancelled' } : r,
      ),
    };
    mockDb.details.set(stopped.id, stopped);
    return HttpResponse.json(runSchema.parse(stopped));
  }),
  http.post(api('/session'), async ({ request }) => {
    const { username, password } = (await request.json()) as {
      username?: string;
      password?: string;
    };
    const user = Object.values(testUsers).find((u) => u.username === username);
    if (!user || password !== testPassword)
      return HttpResponse.json(errorBody('unauthorized', 'Wrong username or password'), {
        status: 401,
      });
    mockDb.me = user;
    return HttpResponse.json(user);
  }),
  http.post(api('/rules'), async ({ request }) => {
    if (mockDb.me?.role !== 'admin')
      return HttpResponse.json(errorBody('forbidden', 'Admins only'), { status: 403 });
    const body = (await request.json()) as CreateRule;
    const rule: Rule = {
      id: `rule_${mockDb.rules.length + 1}`,
      tool: body.tool,
      customer: body.customer,
      effect: body.effect ?? 'approve',
      match: (body.match as Rule['match'] | undefined) ?? null,
      approvals: body.approvals ?? null,
      expiresAt: body.expiresAt ?? null,
      maxUses: body.maxUses ?? null,
      pausedAt: null,
      createdBy: mockDb.me.username,
      createdAt: new Date().toISOString(),
      firedCount: 0,
      lastFiredAt: null,
    };
    mockDb.rules = [...mockDb.rules, rule];
    return HttpResponse.json(rule, { status: 201 });
  }),
  http.patch(api('/rules/:id'), async ({ params, request }) => {
    if (mockDb.me?.role !== 'admin')
      return HttpResponse.json(errorBody('forbidden', 'Admins only'), { status: 403 });
    const rule = mockDb.rules.find((r) => r.id === params.id);
    if (!rule) return HttpResponse.json(errorBody('not_found', 'No such rule'), { status: 404 });
    const { paused } = (await request.json()) as { paused: boolean };
    const updated = { ...rule, pausedAt: paused ? new Date().toISOString() : null };
    mockDb.rules = mockDb.rules.map((r) => (r.id === rule.id ? updated : r));
    return HttpResponse.json(updated);
  }),
  http.delete(api('/rules/:id'), ({ params }) => {
    if (mockDb.me?.role !== 'admin')
      return HttpResponse.json(errorBody('forbidden', 'Admins only'), { status: 403 });
    if (!mockDb.rules.some((r) => r.id === params.id))
      return HttpResponse.json(errorBody('not_found', 'No such rule'), { status: 404 });
    mockDb.rules = mockDb.rules.filter((r) => r.id !== params.id);
    return new HttpResponse(null, { status: 204 });
  }),
  ...teamHandlers,
  ...webhookHandlers,
  ...ssoHandlers,
  ...slackHandlers,
];

/** The password every `testUsers` entry signs in with against the fake backend. */
export const testPassword = 'correct horse battery';
