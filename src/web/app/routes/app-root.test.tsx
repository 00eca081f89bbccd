import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../testing/data';
import { mockDb } from '../../testing/msw/handlers';
import { server } from '../../testing/msw/server';
import { createTestQueryClient } from '../../testing/render';
import * as AppRoot from './app-root';

function renderApp(url = '/history') {
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter(
    [
      {
        path: '/',
        loader: AppRoot.clientLoader(queryClient),
        Component: AppRoot.Component,
        HydrateFallback: () => null,
        children: [{ path: 'history', element: <p>History page</p> }],
      },
      { path: '/sign-in', element: <p>Sign-in page</p> },
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

const sent: string[] = [];
const record = ({ request }: { request: Request }) => {
  const url = new URL(request.url);
  sent.push(`${request.method} ${url.pathname}`);
};

describe('App shell', () => {
  beforeEach(() => {
    mockDb.reset();
    sent.length = 0;
    server.events.on('request:start', record);
  });
  afterEach(() => server.events.removeListener('request:start', record));

  it('sends visitors who are not signed in to sign-in, remembering where they were', async () => {
    mockDb.me = null;
    const { router } = renderApp('/history?q=refund');
    expect(await screen.findByText('Sign-in page')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?redirectTo=%2Fhistory%3Fq%3Drefund');
  });

  it('shows who is signed in and the page in the tab title', async () => {
    mockDb.me = testUsers.admin;
    renderApp();
    expect(await screen.findByText('History page')).toBeInTheDocument();
    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('admin')).toBeInTheDocument();
    expect(within(banner).getByText(/Admin/)).toBeInTheDocument();
    expect(within(banner).getByRole('link', { name: 'History' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await waitFor(() => expect(document.title).toBe('History · Countersign'));
  });

  it('shows the Audit page in the navigation to admins only', async () => {
    mockDb.me = testUsers.admin;
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Audit' })).toHaveAttribute('href', '/audit');
  });

  it('leaves Audit out of the navigation for reviewers', async () => {
    mockDb.me = testUsers.reviewer;
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Settings' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Audit' })).not.toBeInTheDocument();
  });

  it('opens the shortcuts with ?', async () => {
    const { user } = renderApp();
    await screen.findByText('History page');
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText(/Open the highlighted run/)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('forgets every draft in this browser on sign-out', async () => {
    localStorage.setItem('countersign:draft:usr_rev:req_1', '{"note":"Rita’s note"}');
    localStorage.setItem('countersign:answer-key:req_1', 'key');
    localStorage.setItem('countersign:theme', 'dark');
    const { user } = renderApp();
    await screen.findByText('History page');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('Sign-in page')).toBeInTheDocument();
    await waitFor(() => expect(localStorage.getItem('countersign:draft:usr_rev:req_1')).toBeNull());
    expect(localStorage.getItem('countersign:answer-key:req_1')).toBeNull();
    expect(localStorage.getItem('countersign:theme')).toBe('dark');
  });

  it('signs out to the sign-in page without refetching anything', async () => {
    const { user, router } = renderApp();
    await screen.findByText('History page');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('Sign-in page')).toBeInTheDocument();
    expect(router.state.location.search).toBe('');
    await waitFor(() => expect(sent.at(-1)).toBe('DELETE /api/v1/session'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.at(-1)).toBe('DELETE /api/v1/session');
  });
});
