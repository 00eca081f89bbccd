import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { oidcSettingsSchema, type GroupRole } from '../../../../shared/oidc';
import { api, apiRequest } from '../../../lib/api-client';

export const ssoKeys = {
  settings: () => ['sso', 'settings'] as const,
};

export const ssoSettingsOptions = () =>
  queryOptions({
    queryKey: ssoKeys.settings(),
    queryFn: ({ signal }) => api.get('/auth/oidc/settings', oidcSettingsSchema, signal),
  });

/** Replaces the whole mapping; the answer is the settings as stored, which the editor then shows. */
export function useSaveRoleMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mapping: GroupRole[]) =>
      apiRequest('/auth/oidc/role-mapping', oidcSettingsSchema, {
        method: 'PUT',
        body: { mapping },
      }),
    onSuccess: (settings) => queryClient.setQueryData(ssoKeys.settings(), settings),
  });
}
