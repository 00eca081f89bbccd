import { queryOptions } from '@tanstack/react-query';
import { listSchema } from '../../../../shared/common';
import { teamSchema } from '../../../../shared/teams';
import { api } from '../../../lib/api-client';

export const groupListOptions = () =>
  queryOptions({
    queryKey: ['groups'],
    queryFn: ({ signal }) => api.get('/groups', listSchema(teamSchema), signal),
    staleTime: 60_000,
  });
