import { queryOptions } from '@tanstack/react-query';
import { listSchema } from '../../../../shared/common';
import { ruleSchema } from '../../../../shared/rules';
import { api } from '../../../lib/api-client';
import { ruleKeys } from './rule-keys';

const ruleListSchema = listSchema(ruleSchema);

export const getRules = (signal?: AbortSignal) => api.get('/rules', ruleListSchema, signal);

export const ruleListOptions = () =>
  queryOptions({ queryKey: ruleKeys.lists(), queryFn: ({ signal }) => getRules(signal) });
