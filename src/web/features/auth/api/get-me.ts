import { queryOptions } from '@tanstack/react-query';
import { userSchema } from '../../../../shared/users';
import { ApiError, api } from '../../../lib/api-client';
import { authKeys } from './auth-keys';

/** Resolves to null when nobody is signed in, so loaders can redirect instead of throwing. */
export async function getMe() {
  try {
    return await api.get('/me', userSchema);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const meOptions = () =>
  queryOptions({ queryKey: authKeys.me(), queryFn: getMe, staleTime: 60_000 });
