import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SlackIntegration } from '../../../../shared/notifications';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { CopyField } from '../../../components/ui/copy-field';
import { formatDateTime } from '../../../lib/format-time';
import {
  slackIntegrationOptions,
  slackInteractionsUrl,
  useDisconnectSlack,
  useTestSlack,
} from '../api/slack';
import { SlackForm } from './slack-form';

/** Slack for admins: connection state, the form, Test, Disconnect and the URL for the Slack app. */
export function SlackSection() {
  const slack = useQuery(slackIntegrationOptions());
  if (slack.isPending) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Loading Slack…</p>;
  }
  if (slack.isError) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Could not load the Slack integration: {slack.error.message}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <SlackStatus current={slack.data} />
      {/* Keyed so the form's channel and empty secrets follow each save or disconnect. */}
      <SlackForm key={slack.data.updatedAt ?? 'none'} current={slack.data} />
      <CopyField
        id="slack-interactions-url"
        label={
          <>
            Interactivity Request URL
            <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">
              (paste into your Slack app under Interactivity &amp; Shortcuts)
            </span>
          </>
        }
        value={slackInteractionsUrl(window.location.origin)}
        copies="the interactivity request URL"
      />
    </div>
  );
}

function SlackStatus({ current }: { current: SlackIntegration }) {
  const test = useTestSlack();
  const disconnect = useDisconnectSlack();
  const [confirming, setConfirming] = useState(false);
  if (!current.connected) {
    return (
      <p
        role="status"
        aria-label="Slack connection"
        className="rounded-md border border-dashed border-slate-300 px-4 py-3 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400"
      >
        Not connected. Requests are not posted to Slack.
      </p>
    );
  }
  return (
    <div
      role="region"
      aria-label="Slack connection"
      className="flex flex-col gap-2 rounded-md border border-slate-200 p-4 dark:border-slate-800"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="min-w-0 text-sm break-words text-slate-900 dark:text-slate-100">
          <span className="font-medium text-emerald-700 dark:text-emerald-400">Connected</span>:
          requests are posted to <code className="font-mono">{current.channel}</code>
          {current.updatedAt && (
            <span className="text-slate-600 dark:text-slate-400">
              {' '}
              · saved <time dateTime={current.updatedAt}>{formatDateTime(current.updatedAt)}</time>
            </span>
          )}
        </p>
        <div className="flex gap-2">
          <Button
            size="sm"
            variant="secondary"
            isLoading={test.isPending}
            onClick={() => test.mutate()}
          >
            Test
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
            Disconnect
          </Button>
        </div>
      </div>
      {current.lastError && (
        <p role="alert" className="text-sm break-words text-red-700 dark:text-red-400">
          The last post to Slack failed (
          <time dateTime={current.lastError.at}>{formatDateTime(current.lastError.at)}</time>
          {current.lastError.willRetry ? ', retrying' : ''}): {current.lastError.message}
        </p>
      )}
      {test.isSuccess && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Test message posted to {test.data.channel}.
        </p>
      )}
      {test.isError && (
        <p role="alert" className="text-sm break-words text-red-700 dark:text-red-400">
          {test.error.message}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Disconnect Slack?"
        description="Requests are no longer posted, and buttons on messages already posted stop working. The bot token and signing secret are deleted."
        confirmLabel="Disconnect Slack"
        danger
        pending={disconnect.isPending}
        error={disconnect.error}
        onConfirm={() => disconnect.mutate(undefined, { onSuccess: () => setConfirming(false) })}
      />
    </div>
  );
}
