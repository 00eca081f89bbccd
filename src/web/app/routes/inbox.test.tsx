import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_INBOX } from '../../features/inbox/components/inbox-states';
import { inboxFilters, runListOptions } from '../../features/runs/api/get-runs';
import { makeRunSummary, testUsers } from '../../testing/data';
import { errorBody, mockDb } from '../../testing/msw/handlers';
import { server } from '../../testing/msw/server';
import { createTestQueryClient, renderWithProviders } from '../../testing/render';
import * as AppRoot from './app-root';
import { Component as Inbox } from './inbox';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000 - 5_000).toISOString();
const minutesAhead = (m: number) => new Date(Date.now() + m * 60_000 + 30_000).toISOString();

function seedRuns() {
  mockDb.runs = [
    makeRunSummary({
      id: 'run_urgent',
      title: 'Refund order 1042',
      customer: 'acme',
      pendingKinds: ['tool'],
      waitingSince: minutesAgo(4),
      nextExpiresAt: minutesAhead(2),
    }),
    makeRunSummary({
      id: 'run_plan',
      title: 'Migrate the billing tables',
      customer: 'globex',
      pendingKinds: ['plan', 'questions'],
      pendingCount: 3,
      waitingSince: minutesAgo(12),
      nextExpiresAt: minutesAhead(40),
    }),
    makeRunSummary({
      id: 'run_calm',
      title: 'Draft the weekly report',
      customer: null,
      pendingKinds: ['review'],
      waitingSince: minutesAgo(95),
      nextExpiresAt: null,
    }),
  ];
}

const runPage = { path: '/runs/:runId', element: <p>Run page</p> };

function renderInbox(url = '/') {
  return renderWithProviders(<Inbox />, { path: '/', url, routes: [runPage] });
}

const rowTitles = () =>
  screen.getAllByRole('row').map((row) => within(row).getByRole('link').textContent);

describe('Inbox', () => {
  beforeEach(() => {
    mockDb.reset();
    seedRuns();
  });

  it('renders waiting runs in server order with kinds, source, customer and times', async () => {
    renderInbox();
    const rows = await screen.findAllByRole('row');
    expect(rowTitles()).toEqual([
      'Refund order 1042',
      'Migrate the billing tables',
      'Draft the weekly report',
    ]);
    const [urgent, plan, calm] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(urgent).getByText('Tool')).toBeInTheDocument();
    expect(within(urgent).getByText('4m')).toBeInTheDocument();
    expect(within(urgent).getByText('expires in 2m')).toHaveClass('text-red-700');
    expect(within(urgent).getByText(/Native API · acme/)).toBeInTheDocument();
    expect(within(plan).getByText('Plan')).toBeInTheDocument();
    expect(within(plan).getByText('Questions')).toBeInTheDocument();
    expect(within(plan).getByText('expires in 40m')).not.toHaveClass('text-red-700');
    expect(within(plan).getByText('3 pending')).toBeInTheDocument();
    expect(within(urgent).queryByText(/pending/)).not.toBeInTheDocument();
    expect(within(calm).getByText('1h 35m')).toBeInTheDocument();
    expect(within(calm).queryByText(/expire/)).not.toBeInTheDocument();
    expect(within(urgent).getByRole('link')).toHaveAttribute('href', '/runs/run_urgent');
  });

  it('counts several pending tool calls of a run as tool calls', async () => {
    mockDb.runs = [
      makeRunSummary({ title: 'Three refunds', pendingKinds: ['tool'], pendingCount: 3 }),
    ];
    renderInbox();
    expect(await screen.findByText('3 tool calls')).toBeInTheDocument();
  });

  it('filters by kind through the URL and the server', async () => {
    const { user, router } = renderInbox();
    await screen.findAllByRole('row');
    await user.selectOptions(screen.getByLabelText('Kind'), 'plan');
    expect(router.state.location.search).toBe('?kind=plan');
    await waitFor(() => expect(rowTitles()).toEqual(['Migrate the billing tables']));
  });

  it('reads the filters from the URL and ignores malformed ones', async () => {
    renderInbox('/?kind=nonsense&q=report');
    expect(await screen.findByLabelText('Search')).toHaveValue('report');
    expect(screen.getByLabelText('Kind')).toHaveValue('');
    await waitFor(() => expect(rowTitles()).toEqual(['Draft the weekly report']));
  });

  it('narrows the list as you type and keeps the text in the URL', async () => {
    const { user, router } = renderInbox();
    await screen.findAllByRole('row');
    await user.type(screen.getByLabelText('Search'), 'GLOBEX');
    expect(rowTitles()).toEqual(['Migrate the billing tables']);
    await waitFor(() => expect(router.state.location.search).toBe('?q=GLOBEX'));
  });

  it('widens the list at once from the rows already loaded when the search is cleared', async () => {
    const { user, router, queryClient } = renderInbox();
    await screen.findAllByRole('row');
    await user.type(screen.getByLabelText('Search'), 'GLOBEX');
    await waitFor(() => expect(router.state.location.search).toBe('?q=GLOBEX'));
    const globex = runListOptions(inboxFilters({ q: 'GLOBEX' })).queryKey;
    await waitFor(() => expect(queryClient.getQueryState(globex)?.status).toBe('success'));
    server.use(http.get('*/api/v1/runs', () => delay('infinite')));
    await user.clear(screen.getByLabelText('Search'));
    expect(rowTitles()).toEqual([
      'Refund order 1042',
      'Migrate the billing tables',
      'Draft the weekly report',
    ]);
  });

  it('moves the highlight with j and k and opens the run with Enter', async () => {
    const { user, router } = renderInbox();
    const rows = await screen.findAllByRole('row');
    await user.keyboard('jjjk');
    expect(rows[1]).toHaveAttribute('aria-selected', 'true');
    expect(rows[0]).toHaveAttribute('aria-selected', 'false');
    await user.keyboard('{Enter}');
    expect(router.state.location.pathname).toBe('/runs/run_plan');
    expect(await screen.findByText('Run page')).toBeInTheDocument();
  });

  it('opens the first result with Enter in the search box', async () => {
    const { user, router } = renderInbox();
    await screen.findAllByRole('row');
    await user.type(screen.getByLabelText('Search'), 'report{Enter}');
    expect(router.state.location.pathname).toBe('/runs/run_calm');
  });

  it('focuses the search box with /', async () => {
    const { user } = renderInbox();
    await screen.findAllByRole('row');
    await user.keyboard('/');
    expect(screen.getByLabelText('Search')).toHaveFocus();
  });

  it('says so when nothing is waiting', async () => {
    mockDb.runs = [];
    renderInbox();
    expect(await screen.findByText(EMPTY_INBOX)).toBeInTheDocument();
    expect(screen.queryByRole('grid')).not.toBeInTheDocument();
  });

  it('on a fresh instance, says how to connect an agent: token, curl for this server, sources', async () => {
    mockDb.me = testUsers.admin;
    mockDb.runs = [];
    renderInbox();
    const guide = await screen.findByRole('region', { name: 'Connect your first agent' });
    expect(within(guide).getByRole('link', { name: 'Create an agent token' })).toHaveAttribute(
      'href',
      '/settings#section-agent-tokens',
    );
    expect(within(guide).getByRole('link', { name: 'Settings → Sources' })).toHaveAttribute(
      'href',
      '/settings#section-sources',
    );
    expect(within(guide).getByLabelText(/Example/)).toHaveTextContent(
      `curl -s -X POST ${window.location.origin}/api/v1/runs`,
    );
    expect(within(guide).getByRole('button', { name: 'Copy example' })).toBeInTheDocument();
  });

  it('shows no setup guide when runs came before and none waits now', async () => {
    server.use(
      http.get('*/api/v1/runs', ({ request }) =>
        HttpResponse.json({
          items: new URL(request.url).searchParams.get('status') ? [] : [makeRunSummary()],
          nextCursor: null,
        }),
      ),
    );
    renderInbox();
    expect(await screen.findByText(EMPTY_INBOX)).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByRole('region', { name: 'Connect your first agent' })).toBeNull();
  });

  it('shows a failed load and recovers on retry', async () => {
    server.use(
      http.get('*/api/v1/runs', () =>
        HttpResponse.json(errorBody('internal', 'Database is locked'), { status: 500 }),
      ),
    );
    const { user } = renderInbox();
    expect(await screen.findByRole('alert')).toHaveTextContent('Database is locked');
    server.resetHandlers();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByRole('row')).toHaveLength(3);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the waiting count in the tab title and the nav', async () => {
    const queryClient = createTestQueryClient();
    const router = createMemoryRouter(
      [
        {
          path: '/',
          loader: AppRoot.clientLoader(queryClient),
          Component: AppRoot.Component,
          HydrateFallback: () => null,
          children: [{ index: true, Component: Inbox }],
        },
      ],
      { initialEntries: ['/'] },
    );
    render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(document.title).toBe('(3) Inbox · Countersign'));
    expect(screen.getByRole('link', { name: /Inbox/ })).toHaveTextContent('3');
  });
});
