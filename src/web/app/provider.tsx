import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { Toaster } from 'sonner';
import { paths } from '../config/paths';
import { createQueryClient } from '../lib/query-client';

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
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      <Toaster richColors closeButton position="bottom-right" />
    </QueryClientProvider>
  );
}
