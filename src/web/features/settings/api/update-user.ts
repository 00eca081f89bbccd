import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { type UpdateUser, userSchema } from '../../../../shared/users';
import { api } from '../../../lib/api-client';
import { userKeys } from './user-keys';

const updatedUserSchema = z.extend(userSchema, { disabled: z.boolean() });

export const updateUser = ({ id, body }: { id: string; body: UpdateUser }) =>
  api.patch(`/users/${encodeURIComponent(id)}`, body, updatedUserSchema);

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.lists() }),
  });
}
