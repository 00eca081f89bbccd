import { queryOptions } from '@tanstack/react-query';
import { signInMethodsSchema } from '../../../../shared/oidc';
import { api } from '../../../lib/api-client';

export const signInMethodsOptions = () =>
  queryOptions({
    queryKey: ['auth', 'methods'],
    queryFn: () => api.get('/auth/methods', signInMethodsSchema),
    staleTime: 5 * 60_000,
  });
