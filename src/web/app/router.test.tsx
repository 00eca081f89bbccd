import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockDb } from '../testing/msw/handlers';
import { createTestQueryClient } from '../testing/render';
import { createAppRouter } from './router';

describe('App router', () => {
  beforeEach(() => {
    mockDb.reset();
    mockDb.me = null;
    window.history.replaceState(null, '', '/sign-in');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    window.history.replaceState(null, '', '/');
  });

  it('shows a loading status while the first route loads, without a missing-fallback warning', async () => {
    const warn = vi.spyOn(console, 'warn');
    const queryClient = createTestQueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={createAppRouter(queryClient)} />
      </QueryClientProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Loading…');
    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
    expect(warn.mock.calls.flat().join(' ')).not.toContain('HydrateFallback');
  });
});
