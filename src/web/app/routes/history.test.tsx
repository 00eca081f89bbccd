import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeRunSummary } from '../../testing/data';
import { mockDb } from '../../testing/msw/handlers';
import { server } from '../../testing/msw/server';
import { renderWithProviders } from '../../testing/render';
import { Component as History, NO_HISTORY_MATCHES } from './history';

describe('History', () => {
  beforeEach(() => {
    mockDb.reset();
    mockDb.runs = [
      makeRunSummary({
        id: 'run_done',
        title: 'Refund shipped',
        status: 'completed',
        customer: 'acme',
        pendingKinds: [],
        pendingCount: 0,
      }),
      makeRunSummary({
        id: 'run_broke',
        title: 'Nightly import',
        status: 'failed',
        customer: null,
        pendingKinds: [],
        pendingCount: 0,
      }),
    ];
  });

  it('lists finished runs with their status, customer and a link', async () => {
    renderWithProviders(<History />, { path: '/history' });
    const list = await screen.findByRole('list', { name: 'Runs that asked' });
    const [done, broke] = within(list).getAllByRole('listitem') as [HTMLElement, HTMLElement];
    expect(within(done).getByText('Completed')).toBeInTheDocument();
    expect(within(done).getByText(/acme/)).toBeInTheDocument();
    expect(within(done).getByRole('link', { name: 'Refund shipped' })).toHaveAttribute(
      'href',
      '/runs/run_done',
    );
    expect(within(broke).getByText('Failed')).toBeInTheDocument();
    expect(within(broke).getByText('1m ago')).toBeInTheDocument();
  });

  it('asks for every run that asked, answered-while-running ones too, and filters by status', async () => {
    const asked: URLSearchParams[] = [];
    server.events.on('request:start', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/api/v1/runs') asked.push(url.searchParams);
    });
    mockDb.runs.push(
      makeRunSummary({ id: 'run_busy', title: 'Answered, agent busy', status: 'running' }),
    );
    const { user, router } = renderWithProviders(<History />, { path: '/history' });
    expect(await screen.findByRole('link', { name: 'Answered, agent busy' })).toBeInTheDocument();
    expect(Object.fromEntries(asked[0]!)).toMatchObject({ asked: '1', search: 'answers' });
    expect(asked[0]!.has('status')).toBe(false);
    await user.selectOptions(screen.getByLabelText('Status'), 'running');
    await waitFor(() => expect(router.state.location.search).toBe('?status=running'));
    await waitFor(() => expect(asked.at(-1)!.get('status')).toBe('running'));
    server.events.removeAllListeners();
  });

  it('searches through the URL', async () => {
    const { user, router } = renderWithProviders(<History />, { path: '/history' });
    await screen.findByRole('list', { name: 'Runs that asked' });
    await user.type(screen.getByLabelText('Search'), 'nightly');
    await waitFor(() => expect(router.state.location.search).toBe('?q=nightly'));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('link', { name: 'Nightly import' })).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'zzz');
    expect(await screen.findByText(NO_HISTORY_MATCHES)).toBeInTheDocument();
  });
});
