import { queryOptions } from '@tanstack/react-query';
import { listSchema } from '../../../../shared/common';
import { managedUserSchema } from '../../../../shared/users';
import { api } from '../../../lib/api-client';
import { userKeys } from './user-keys';

const userListSchema = listSchema(managedUserSchema);

export const getUsers = (signal?: AbortSignal) => api.get('/users', userListSchema, signal);

export const userListOptions = () =>
  queryOptions({ queryKey: userKeys.lists(), queryFn: ({ signal }) => getUsers(signal) });
