import { useState } from 'react';
import { sourceKindSpecs } from '../../../../shared/source-kinds';
import type { ConnectorKind, Source } from '../../../../shared/sources';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { useDeleteSource } from '../api/delete-source';
import { useTestSource } from '../api/test-source';
import { KickoffWebhookUrl } from './kickoff-webhook-url';
import { SourceForm } from './source-form';
import { SourceHealth } from './source-health';
import { WebhookUrl } from './webhook-url';

type SourceItemProps = { source: Source; canManage: boolean };

/** One connected platform: health, the webhook URL to paste, and (for admins) test, edit and delete. */
export function SourceItem({ source, canManage }: SourceItemProps) {
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const test = useTestSource(source.id);
  const remove = useDeleteSource(source.id);
  const spec = source.kind === 'native' ? null : sourceKindSpecs[source.kind as ConnectorKind];

  return (
    <li className="space-y-3 px-3 py-3" aria-label={source.name}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium text-slate-900 dark:text-slate-50">{source.name}</span>
        <Badge>{spec?.label ?? source.kind}</Badge>
        <code className="text-xs text-slate-600 dark:text-slate-400">{source.id}</code>
      </div>
      {spec && source.health && <SourceHealth health={source.health} />}
      {spec && source.webhookUrl && (
        <div className="space-y-1">
          <WebhookUrl sourceId={source.id} sourceName={source.name} url={source.webhookUrl} />
          <p className="text-xs text-slate-600 dark:text-slate-400">{spec.webhookHelp}</p>
          {source.kind === 'crewai' && (
            <KickoffWebhookUrl
              sourceId={source.id}
              sourceName={source.name}
              webhookUrl={source.webhookUrl}
            />
          )}
        </div>
      )}
      {spec && canManage && mode === 'view' && (
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="secondary"
            size="sm"
            isLoading={test.isPending}
            onClick={() => test.mutate()}
          >
            Test connection
          </Button>
          <Button variant="secondary" size="sm" onClick={() => setMode('edit')}>
            Edit
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setMode('delete')}>
            Delete
          </Button>
          <p role="status" className="text-xs text-slate-700 dark:text-slate-300">
            {test.data
              ? `${test.data.ok ? 'Connection works' : 'Connection failed'}: ${test.data.message}`
              : ''}
            {test.isError ? `Could not test: ${test.error.message}` : ''}
          </p>
        </div>
      )}
      {mode === 'edit' && <SourceForm source={source} onDone={() => setMode('view')} />}
      {mode === 'delete' && (
        <div
          role="group"
          aria-label={`Delete ${source.name}`}
          className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 p-3 text-sm dark:bg-red-950"
        >
          <p className="text-red-900 dark:text-red-200">
            Delete {source.name}? Its runs stay in history; webhooks and polling stop.
          </p>
          <Button
            variant="danger"
            size="sm"
            isLoading={remove.isPending}
            onClick={() => remove.mutate()}
          >
            Delete source
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setMode('view')}>
            Cancel
          </Button>
          {remove.isError && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              {remove.error.message}
            </p>
          )}
        </div>
      )}
    </li>
  );
}
