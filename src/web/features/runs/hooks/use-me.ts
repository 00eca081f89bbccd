import { useQueryClient } from '@tanstack/react-query';
import type { User } from '../../../../shared/users';
import { authKeys } from '../../auth/api/auth-keys';

/** The signed-in user as the app loaded them before any run page rendered, or null. */
export function useMe(): User | null {
  return useQueryClient().getQueryData<User | null>(authKeys.me()) ?? null;
}
