import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CreateUser, userSchema } from '../../../../shared/users';
import { api } from '../../../lib/api-client';
import { userKeys } from './user-keys';

export const createUser = (body: CreateUser) => api.post('/users', body, userSchema);

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
  });
}
