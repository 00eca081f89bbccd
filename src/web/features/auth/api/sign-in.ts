import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type SignIn, userSchema } from '../../../../shared/users';
import { api } from '../../../lib/api-client';
import { authKeys } from './auth-keys';

export const signIn = (body: SignIn) => api.post('/session', body, userSchema);

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (user) => {
      queryClient.clear();
      queryClient.setQueryData(authKeys.me(), user);
    },
  });
}
