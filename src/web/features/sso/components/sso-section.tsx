import { useQuery } from '@tanstack/react-query';
import { signInMethodsOptions } from '../../auth/api/get-sign-in-methods';
import { ssoSettingsOptions } from '../api/sso-settings';
import { RoleMappingEditor } from './role-mapping-editor';
import { SsoStatus } from './sso-status';

/** Single sign-on for admins: the provider as configured on the server, and the role mapping. */
export function SsoSection() {
  const settings = useQuery(ssoSettingsOptions());
  const methods = useQuery(signInMethodsOptions());
  if (settings.isPending) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Loading single sign-on…</p>;
  }
  if (settings.isError) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load single sign-on: {settings.error.message}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <SsoStatus settings={settings.data} passwordSignIn={methods.data?.password} />
      <RoleMappingEditor mapping={settings.data.mapping} />
    </div>
  );
}
