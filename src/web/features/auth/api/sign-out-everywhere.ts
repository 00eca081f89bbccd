import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { forgetDrafts } from '../../../lib/draft-storage';
import { authKeys } from './auth-keys';

export const signOutEverywhere = () => api.delete('/me/sessions');

export function useSignOutEverywhere() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOutEverywhere,
    onSuccess: () => {
      queryClient.clear();
      forgetDrafts();
      queryClient.setQueryData(authKeys.me(), null);
    },
  });
}
