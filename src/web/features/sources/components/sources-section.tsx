import { useState } from 'react';
import type { Source } from '../../../../shared/sources';
import { Button } from '../../../components/ui/button';
import { SourceForm } from './source-form';
import { SourceItem } from './source-item';

type SourcesSectionProps = { sources: readonly Source[]; canManage: boolean };

/** Every source, with an add form for admins. */
export function SourcesSection({ sources, canManage }: SourcesSectionProps) {
  const [adding, setAdding] = useState(false);
  return (
    <div className="flex flex-col gap-4">
      <ul
        aria-label="Sources"
        className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800"
      >
        {sources.map((source) => (
          <SourceItem key={source.id} source={source} canManage={canManage} />
        ))}
      </ul>
      {canManage &&
        (adding ? (
          <SourceForm onDone={() => setAdding(false)} />
        ) : (
          <div>
            <Button variant="secondary" onClick={() => setAdding(true)}>
              Connect a platform
            </Button>
          </div>
        ))}
    </div>
  );
}
