import { http, HttpResponse } from 'msw';
import type { AgentToken } from '../../../shared/agent-tokens';
import type { AuditEntry } from '../../../shared/audit';
import type { ManagedUser, Role, User } from '../../../shared/users';
import { defaultNotificationPreferences } from '../../../shared/notifications';
import { testUsers } from '../data';

const api = (path: string) => `*/api/v1${path}`;
const errorBody = (code: string, message: string, details?: Record<string, unknown>) => ({
  error: { code, message, ...(details ? { details } : {}) },
});

export const managedUser = (user: User, overrides: Partial<ManagedUser> = {}): ManagedUser => ({
  ...user,
  disabled: false,
  createdAt: '2026-01-05T09:00:00.000Z',
  lastSignInAt: null,
  activeSessions: 0,
  email: null,
  ...overrides,
});

/** The current password of the signed-in user, for PUT /me/password. */
export const currentPassword = 'correct horse battery';

/** People, agent tokens and the audit log of the fake backend; reset with `teamDb.reset()`. */
export const teamDb = {
  users: [] as ManagedUser[],
  tokens: [] as AgentToken[],
  audit: [] as AuditEntry[],
  /** The query strings GET /audit was called with. */
  auditQueries: [] as URLSearchParams[],
  passwordChanges: [] as { currentPassword: string; newPassword: string }[],
  signedOutEverywhere: 0,
  /** What each PATCH /users/:id and DELETE /users/:id(/sessions) asked for. */
  userCalls: [] as { method: string; id: string; body?: unknown }[],
  reset() {
    this.users = Object.values(testUsers).map((u) => managedUser(u));
    this.tokens = [];
    this.audit = [];
    this.auditQueries = [];
    this.passwordChanges = [];
    this.signedOutEverywhere = 0;
    this.userCalls = [];
  },
};
teamDb.reset();

const notFound = (what: string) =>
  HttpResponse.json(errorBody('not_found', `${what} not found`), { status: 404 });

export const teamHandlers = [
  http.get(api('/me/notifications'), () =>
    HttpResponse.json({ ...defaultNotificationPreferences, email: null }),
  ),
  http.put(api('/me/notifications'), async ({ request }) =>
    HttpResponse.json(await request.json()),
  ),
  http.get(api('/users'), () => HttpResponse.json({ items: teamDb.users, nextCursor: null })),
  http.post(api('/users'), async ({ request }) => {
    const body = (await request.json()) as { username: string; role: Role };
    const user = { id: `usr_${body.username}`, username: body.username, role: body.role };
    teamDb.users = [...teamDb.users, managedUser(user)];
    return HttpResponse.json(user, { status: 201 });
  }),
  http.patch(api('/users/:id'), async ({ params, request }) => {
    const body = (await request.json()) as { role?: Role; disabled?: boolean; password?: string };
    teamDb.userCalls.push({ method: 'PATCH', id: String(params.id), body });
    const user = teamDb.users.find((u) => u.id === params.id);
    if (!user) return notFound('User');
    if (body.role && body.role !== 'admin' && user.role === 'admin') {
      return HttpResponse.json(errorBody('conflict', 'Keep at least one admin'), { status: 409 });
    }
    const updated = {
      ...user,
      role: body.role ?? user.role,
      disabled: body.disabled ?? user.disabled,
      activeSessions: body.disabled || body.password ? 0 : user.activeSessions,
    };
    teamDb.users = teamDb.users.map((u) => (u.id === user.id ? updated : u));
    return HttpResponse.json({
      id: updated.id,
      username: updated.username,
      role: updated.role,
      disabled: updated.disabled,
    });
  }),
  http.delete(api('/users/:id/sessions'), ({ params }) => {
    teamDb.userCalls.push({ method: 'DELETE sessions', id: String(params.id) });
    const user = teamDb.users.find((u) => u.id === params.id);
    if (!user) return notFound('User');
    teamDb.users = teamDb.users.map((u) => (u.id === user.id ? { ...u, activeSessions: 0 } : u));
    return new HttpResponse(null, { status: 204 });
  }),
  http.delete(api('/users/:id'), ({ params }) => {
    teamDb.userCalls.push({ method: 'DELETE', id: String(params.id) });
    if (!teamDb.users.some((u) => u.id === params.id)) return notFound('User');
    teamDb.users = teamDb.users.filter((u) => u.id !== params.id);
    return new HttpResponse(null, { status: 204 });
  }),
  http.put(api('/me/password'), async ({ request }) => {
    const body = (await request.json()) as { currentPassword: string; newPassword: string };
    if (body.currentPassword !== currentPassword) {
      return HttpResponse.json(
        errorBody('invalid', 'Some fields are invalid', {
          currentPassword: 'This is not your current password',
        }),
        { status: 422 },
      );
    }
    teamDb.passwordChanges.push(body);
    return new HttpResponse(null, { status: 204 });
  }),
  http.delete(api('/me/sessions'), () => {
    teamDb.signedOutEverywhere += 1;
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(api('/agent-tokens'), () =>
    HttpResponse.json({ items: teamDb.tokens, nextCursor: null }),
  ),
  http.post(api('/agent-tokens'), async ({ request }) => {
    const { name } = (await request.json()) as { name: string };
    const token: AgentToken = {
      id: `tok_${teamDb.tokens.length + 1}`,
      name,
      sourceId: 'native',
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
    };
    teamDb.tokens = [...teamDb.tokens, token];
    return HttpResponse.json({ ...token, token: `cs_secret_${token.id}` }, { status: 201 });
  }),
  http.delete(api('/agent-tokens/:id'), ({ params }) => {
    if (!teamDb.tokens.some((t) => t.id === params.id)) return notFound('Agent token');
    teamDb.tokens = teamDb.tokens.filter((t) => t.id !== params.id);
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(api('/audit'), ({ request }) => {
    const params = new URL(request.url).searchParams;
    teamDb.auditQueries.push(params);
    const action = params.get('action');
    const actor = params.get('actor');
    const runId = params.get('runId');
    const q = params.get('q')?.toLowerCase();
    const items = teamDb.audit.filter(
      (e) =>
        (!action || e.action === action || e.action.startsWith(`${action}.`)) &&
        (!actor || e.actor === actor) &&
        (!runId || e.runId === runId) &&
        (!q || e.summary.toLowerCase().includes(q)),
    );
    const limit = Number(params.get('limit') ?? 100);
    const start = Number(params.get('cursor') ?? 0);
    const page = items.slice(start, start + limit);
    const next = start + limit < items.length ? String(start + limit) : null;
    return HttpResponse.json({ items: page, nextCursor: next });
  }),
];
