import { queryOptions } from '@tanstack/react-query';
import { runDetailSchema } from '../../../../shared/runs';
import { api } from '../../../lib/api-client';
import { runKeys } from './run-keys';

export const getRun = (id: string, signal?: AbortSignal) =>
  api.get(`/runs/${encodeURIComponent(id)}`, runDetailSchema, signal);

export const runDetailOptions = (id: string) =>
  queryOptions({ queryKey: runKeys.detail(id), queryFn: ({ signal }) => getRun(id, signal) });
