import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { RouteErrorPage } from '../../components/errors/error-page';
import { ContentLayout } from '../../components/layouts/content-layout';
import { meOptions } from '../../features/auth/api/get-me';
import { ruleListOptions } from '../../features/rules/api/get-rules';
import { AddRuleForm } from '../../features/rules/components/add-rule-form';
import { RuleGroups } from '../../features/rules/components/rule-groups';

export const clientLoader = (queryClient: QueryClient) => () =>
  queryClient.ensureQueryData(ruleListOptions());

export function Component() {
  const { data: me } = useSuspenseQuery(meOptions());
  const { data: rules } = useSuspenseQuery(ruleListOptions());
  const isAdmin = me?.role === 'admin';
  return (
    <ContentLayout
      title="Rules"
      description={
        isAdmin
          ? 'A tool call a rule matches is approved at once, without a person, or held until several people approve it.'
          : 'A tool call a rule matches is approved at once, or held until several people approve it. Only admins can change them.'
      }
    >
      {isAdmin && <AddRuleForm />}
      <RuleGroups rules={rules.items} canEdit={isAdmin} />
    </ContentLayout>
  );
}

export const ErrorBoundary = RouteErrorPage;
