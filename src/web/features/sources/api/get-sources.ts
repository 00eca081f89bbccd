import { queryOptions } from '@tanstack/react-query';
import { listSchema } from '../../../../shared/common';
import { sourceSchema } from '../../../../shared/sources';
import { api } from '../../../lib/api-client';
import { sourceKeys } from './source-keys';

const sourceListSchema = listSchema(sourceSchema);

export const getSources = (signal?: AbortSignal) => api.get('/sources', sourceListSchema, signal);

export const sourceListOptions = () =>
  queryOptions({
    queryKey: sourceKeys.lists(),
    queryFn: ({ signal }) => getSources(signal),
    staleTime: 5 * 60_000,
  });
