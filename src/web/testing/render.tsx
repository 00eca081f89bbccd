import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RouteObject } from 'react-router';
import { createMemoryRouter, RouterProvider } from 'react-router';

export function createTestQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } },
  });
}

type RenderOptions = {
  /** The URL the memory router starts at. */
  url?: string;
  /** The route pattern the element is mounted at, e.g. `/runs/:runId`. */
  path?: string;
  /** Extra routes, e.g. a stand-in for the page a component navigates to. */
  routes?: RouteObject[];
  queryClient?: QueryClient;
};

/** Renders `ui` inside a fresh query client and a memory router, and returns a user-event instance. */
export function renderWithProviders(ui: React.ReactElement, options: RenderOptions = {}) {
  const queryClient = options.queryClient ?? createTestQueryClient();
  const router = createMemoryRouter(
    [{ path: options.path ?? '/', element: ui }, ...(options.routes ?? [])],
    { initialEntries: [options.url ?? options.path ?? '/'] },
  );
  const user = userEvent.setup();
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, user, router, queryClient };
}
