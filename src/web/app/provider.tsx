import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { paths } from '../config/paths';
import { createQueryClient } from '../lib/query-client';
import { useToasterWanted } from '../lib/toast';

/** Above every error boundary, so a toaster that cannot load renders nothing rather than taking the app down. */
const Toaster = lazy<React.ComponentType>(() =>
  import('sonner').then(
    (sonner) => ({
      default: () => <sonner.Toaster richColors closeButton position="bottom-right" />,
    }),
    () => ({ default: () => null }),
  ),
);

type AppProviderProps = { children: React.ReactNode };

export function AppProvider({ children }: AppProviderProps) {
  const [queryClient] = useState(() =>
    createQueryClient({
      onUnauthorized: () => {
        if (window.location.pathname !== paths.signIn.path) {
          const here = window.location.pathname + window.location.search;
          window.location.assign(paths.signIn.getHref(here));
        }
      },
    }),
  );
  const toasterWanted = useToasterWanted();
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      {toasterWanted && (
        <Suspense fallback={null}>
          <Toaster />
        </Suspense>
      )}
    </QueryClientProvider>
  );
}
