import type { QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { LoaderFunctionArgs } from 'react-router';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { PageLoading } from '../components/ui/page-loading';
import { paths } from '../config/paths';
import { loadChunk } from '../lib/load-chunk';

/** What a lazy route module exports: a loader factory that receives the query client, and its components. */
export type RouteModule = {
  clientLoader?: (queryClient: QueryClient) => (args: LoaderFunctionArgs) => unknown;
  Component: React.ComponentType;
  ErrorBoundary?: React.ComponentType;
};

function convert(queryClient: QueryClient) {
  return ({ clientLoader, Component, ErrorBoundary }: RouteModule) => ({
    loader: clientLoader?.(queryClient),
    Component,
    ErrorBoundary,
  });
}

export function createAppRouter(queryClient: QueryClient) {
  const c = convert(queryClient);
  return createBrowserRouter([
    {
      path: paths.signIn.path,
      lazy: () => loadChunk(() => import('./routes/sign-in')).then(c),
      HydrateFallback: PageLoading,
    },
    {
      path: paths.apiDocs.path,
      lazy: () => loadChunk(() => import('./routes/api-docs')).then(c),
      HydrateFallback: PageLoading,
    },
    {
      path: '/',
      lazy: () => loadChunk(() => import('./routes/app-root')).then(c),
      HydrateFallback: PageLoading,
      children: [
        { index: true, lazy: () => loadChunk(() => import('./routes/inbox')).then(c) },
        { path: paths.run.path, lazy: () => loadChunk(() => import('./routes/run')).then(c) },
        {
          path: paths.history.path,
          lazy: () => loadChunk(() => import('./routes/history')).then(c),
        },
        { path: paths.rules.path, lazy: () => loadChunk(() => import('./routes/rules')).then(c) },
        {
          path: paths.settings.path,
          lazy: () => loadChunk(() => import('./routes/settings')).then(c),
        },
        {
          path: paths.routing.path,
          lazy: () => loadChunk(() => import('./routes/routing')).then(c),
        },
        { path: paths.audit.path, lazy: () => loadChunk(() => import('./routes/audit')).then(c) },
        { path: '*', lazy: () => loadChunk(() => import('./routes/not-found')).then(c) },
      ],
    },
  ]);
}

export function AppRouter() {
  const queryClient = useQueryClient();
  const router = useMemo(() => createAppRouter(queryClient), [queryClient]);
  return <RouterProvider router={router} />;
}
