import { useMutation } from '@tanstack/react-query';
import type { ChangePassword } from '../../../../shared/users';
import { api } from '../../../lib/api-client';

export const changePassword = (body: ChangePassword) => api.put('/me/password', body);

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
