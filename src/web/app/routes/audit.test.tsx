import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit';
import type { User } from '../../../shared/users';
import { authKeys } from '../../features/auth/api/auth-keys';
import { testUsers } from '../../testing/data';
import { mockDb } from '../../testing/msw/handlers';
import { teamDb } from '../../testing/msw/team-handlers';
import { createTestQueryClient } from '../../testing/render';
import { ADMINS_ONLY, clientLoader, Component as Audit, NO_AUDIT_MATCHES } from './audit';

let seq = 0;
const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: `aud_${++seq}`,
  createdAt: '2026-03-01T10:00:00.000Z',
  action: 'session.signed_in',
  actor: 'rita',
  actorId: 'usr_rev',
  targetType: 'user',
  targetId: 'usr_rev',
  runId: null,
  summary: 'rita signed in',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  data: null,
  ...overrides,
});

function renderAudit(me: User, url = '/audit') {
  mockDb.me = me;
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(authKeys.me(), me);
  const router = createMemoryRouter(
    [
      {
        path: '/audit',
        loader: clientLoader(queryClient),
        Component: Audit,
        HydrateFallback: () => null,
      },
      { path: '/runs/:runId', element: <p>Run page</p> },
    ],
    { initialEntries: [url] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { router, user: userEvent.setup() };
}

const rows = () =>
  within(screen.getByRole('table', { name: 'Audit log' }))
    .getAllByRole('row')
    .slice(1);
const lastQuery = () => Object.fromEntries(teamDb.auditQueries.at(-1)!);

beforeEach(() => {
  mockDb.reset();
  teamDb.audit = [
    entry({
      action: 'request.answered',
      actor: 'rita',
      summary: 'rita approved (tool request req_1)',
      runId: 'run_7',
      targetType: 'request',
      targetId: 'req_1',
    }),
    entry({
      action: 'session.sign_in_failed',
      actor: 'mallory',
      actorId: null,
      summary: 'Failed sign-in as mallory: wrong username or password',
      ip: '198.51.100.9',
    }),
    entry({
      action: 'rule.created',
      actor: 'admin',
      summary: 'admin pre-approved send_email for all customers',
    }),
  ];
});

describe('Audit page', () => {
  it('lists who did what, when and from where, with a link to the run', async () => {
    const { user, router } = renderAudit(testUsers.admin);
    await screen.findByRole('table', { name: 'Audit log' });
    expect(rows()).toHaveLength(3);
    const answered = rows()[0]!;
    const failed = rows()[1]!;
    expect(answered).toHaveTextContent('Answered');
    expect(answered).toHaveTextContent('rita approved (tool request req_1)');
    expect(failed).toHaveTextContent('Failed sign-in');
    expect(failed).toHaveTextContent('198.51.100.9');
    expect(within(failed).getByText('Mozilla/5.0 (X11; Linux x86_64)')).toHaveAttribute(
      'title',
      'Mozilla/5.0 (X11; Linux x86_64)',
    );
    await user.click(within(answered).getByRole('link', { name: /Open the run/ }));
    expect(router.state.location.pathname).toBe('/runs/run_7');
  });

  it('filters by what, who and text, keeps the filters in the URL and in the CSV link', async () => {
    const { user, router } = renderAudit(testUsers.admin);
    await screen.findByRole('table', { name: 'Audit log' });

    await user.selectOptions(screen.getByLabelText('What'), 'session');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastQuery()).toMatchObject({ action: 'session' });
    expect(router.state.location.search).toBe('?action=session');

    await user.selectOptions(screen.getByLabelText('What'), '');
    await user.type(screen.getByLabelText('Who'), 'admin');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent('pre-approved send_email');

    await user.type(screen.getByLabelText('Search'), 'nothing like this');
    expect(await screen.findByText(NO_AUDIT_MATCHES)).toBeInTheDocument();
    expect(lastQuery()).toEqual({ actor: 'admin', q: 'nothing like this' });
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      '/api/v1/audit.csv?actor=admin&q=nothing+like+this',
    );
    expect(screen.getByRole('link', { name: 'Export for verification' })).toHaveAttribute(
      'href',
      '/api/v1/audit/export?format=jsonl',
    );
  });

  it('sends a date range as the reader’s whole days', async () => {
    renderAudit(testUsers.admin, '/audit?from=2026-03-01&to=2026-03-02');
    await screen.findByRole('table', { name: 'Audit log' });
    expect(screen.getByLabelText('From')).toHaveValue('2026-03-01');
    expect(lastQuery()).toEqual({
      from: new Date('2026-03-01T00:00:00').toISOString(),
      to: new Date('2026-03-02T23:59:59.999').toISOString(),
    });
  });

  it('ignores malformed filters in the URL', async () => {
    renderAudit(testUsers.admin, '/audit?action=bogus&from=yesterday');
    await screen.findByRole('table', { name: 'Audit log' });
    expect(lastQuery()).toEqual({});
    expect(screen.getByLabelText('What')).toHaveValue('');
  });

  it('loads older entries on request', async () => {
    teamDb.audit = Array.from({ length: 130 }, (_, i) => entry({ summary: `entry ${i}` }));
    const { user } = renderAudit(testUsers.admin);
    await screen.findByRole('table', { name: 'Audit log' });
    expect(rows()).toHaveLength(100);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toHaveLength(130));
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('tells anyone but an admin that it is for admins, without asking the server', async () => {
    renderAudit(testUsers.reviewer);
    expect(await screen.findByText(ADMINS_ONLY)).toBeInTheDocument();
    expect(teamDb.auditQueries).toEqual([]);
  });
});
