import type { QueryClient } from '@tanstack/react-query';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { paths } from '../../config/paths';
import { RouteErrorPage } from '../../components/errors/error-page';
import { ContentLayout } from '../../components/layouts/content-layout';
import { AgentTokensSection } from '../../features/agent-tokens/components/agent-tokens-section';
import { meOptions } from '../../features/auth/api/get-me';
import { ChangePasswordForm } from '../../features/auth/components/change-password-form';
import { SignOutEverywhere } from '../../features/auth/components/sign-out-everywhere';
import { NotificationsSection } from '../../features/notifications/components/notifications-section';
import { Section } from '../../features/settings/components/section';
import { UsersSection } from '../../features/settings/components/users-section';
import { sourceListOptions } from '../../features/sources/api/get-sources';
import { SlackSection } from '../../features/slack/components/slack-section';
import { SourcesSection } from '../../features/sources/components/sources-section';
import { SsoSection } from '../../features/sso/components/sso-section';
import { WebhooksSection } from '../../features/webhooks/components/webhooks-section';

export const clientLoader = (queryClient: QueryClient) => () =>
  queryClient.ensureQueryData(sourceListOptions());

export function Component() {
  const { data: me } = useSuspenseQuery(meOptions());
  const { data: sources } = useSuspenseQuery(sourceListOptions());
  const sourceNames = useMemo(
    () => new Map(sources.items.map((s) => [s.id, s.name])),
    [sources.items],
  );
  const isAdmin = me?.role === 'admin';
  return (
    <ContentLayout title="Settings">
      <Section
        title="Sources"
        description="Where runs come from. Agents on the native API use a bearer token of the native source; agent platforms connect with their own keys, which are stored on the server and never shown again."
      >
        <SourcesSection sources={sources.items} canManage={isAdmin} />
      </Section>
      {isAdmin && me ? (
        <>
          <Section
            title="Agent tokens"
            description="Tokens for agents that call the native API. A token is shown once, when it is created; revoke it when an agent no longer needs it."
          >
            <AgentTokensSection sourceNames={sourceNames} />
          </Section>
          <UsersSection currentUserId={me.id} />
          <Section
            title="Single sign-on"
            description="People sign in with the company's OpenID Connect provider; their provider groups decide their role here."
          >
            <SsoSection />
          </Section>
          <Section
            title="Groups and routing"
            description="Groups of people, and the ordered routes that send each new request to one of them."
          >
            <Link
              to={paths.routing.getHref()}
              className="text-sm font-medium text-indigo-700 underline hover:text-indigo-900 dark:text-indigo-300"
            >
              Open Routing
            </Link>
          </Section>
          <Section
            title="Webhooks"
            description="Tell other systems when requests are created, answered or expire, or when an answer cannot be delivered. Each request is signed with the webhook's secret."
          >
            <WebhooksSection />
          </Section>
          <Section
            title="Slack"
            description="Post each new request to a Slack channel, with buttons and forms to answer it there. Slack users are matched to Countersign users by email."
          >
            <SlackSection />
          </Section>
        </>
      ) : (
        <p className="mb-8 text-sm text-slate-600 dark:text-slate-400">
          Users, roles and agent tokens are managed by admins.
        </p>
      )}
      <Section
        title="Notifications"
        description="Where Countersign tells you about requests waiting for you. Emails link to the run; nothing is approved by email."
      >
        <NotificationsSection />
      </Section>
      <Section
        title="Your account"
        description={`Signed in as ${me?.username ?? ''}. Changing your password signs out your other sessions.`}
      >
        <div className="flex flex-col gap-4">
          <ChangePasswordForm />
          <div>
            <SignOutEverywhere />
          </div>
        </div>
      </Section>
    </ContentLayout>
  );
}

export const ErrorBoundary = RouteErrorPage;
