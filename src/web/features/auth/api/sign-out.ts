import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { forgetDrafts } from '../../../lib/draft-storage';
import { authKeys } from './auth-keys';

export const signOut = () => api.delete('/session');

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSettled: () => {
      queryClient.clear();
      forgetDrafts();
      queryClient.setQueryData(authKeys.me(), null);
    },
  });
}
