import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button, focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import { paths } from '../../../config/paths';
import { meOptions } from '../../auth/api/get-me';
import { getRuns } from '../../runs/api/get-runs';
import { runKeys } from '../../runs/api/run-keys';

const link = cn(
  'rounded font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300',
  focusRing,
);

function curlExample(origin: string) {
  return [
    `TOKEN=<your agent token>`,
    `RUN=$(curl -s -X POST ${origin}/api/v1/runs \\`,
    `  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `  -d '{"title":"My first run"}' | sed 's/.*"id":"\\([^"]*\\)".*/\\1/')`,
    `curl -s -X POST ${origin}/api/v1/runs/$RUN/requests \\`,
    `  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `  -d '{"kind":"tool","tool":"refund_order","input":{"amount":240}}'`,
  ].join('\n');
}

/** Whether any run ever reached this instance: a fresh one shows how to connect the first agent. */
function useIsFreshInstance() {
  const any = useQuery({
    queryKey: [...runKeys.lists(), 'any'],
    queryFn: ({ signal }) => getRuns({ limit: 1 }, undefined, signal),
  });
  return any.isSuccess && any.data.items.length === 0;
}

/** The empty inbox of a new install: how to connect an agent, with a curl example for this server. */
export function FirstRunGuide() {
  const fresh = useIsFreshInstance();
  const { data: me } = useQuery(meOptions());
  const [copied, setCopied] = useState(false);
  if (!fresh) return null;
  const example = curlExample(window.location.origin);
  const isAdmin = me?.role === 'admin';
  return (
    <section
      aria-labelledby="first-run-guide"
      className="mt-4 space-y-3 rounded-md border border-slate-200 p-4 text-left text-sm text-slate-800 dark:border-slate-800 dark:text-slate-200"
    >
      <h2
        id="first-run-guide"
        className="text-base font-semibold text-slate-900 dark:text-slate-50"
      >
        Connect your first agent
      </h2>
      <ol className="list-decimal space-y-2 pl-5">
        <li>
          {isAdmin ? (
            <>
              <Link to={`${paths.settings.getHref()}#section-agent-tokens`} className={link}>
                Create an agent token
              </Link>{' '}
              in Settings (it is shown once).
            </>
          ) : (
            <>Ask an admin for an agent token (Settings → Agent tokens).</>
          )}
        </li>
        <li>
          Have the agent create a run and ask, as this example does; its request appears here at
          once.
        </li>
        <li>
          Agents on a platform (m8tes, Dari, Anchor Browser, Browser Use, CrewAI) connect under{' '}
          <Link to={`${paths.settings.getHref()}#section-sources`} className={link}>
            Settings → Sources
          </Link>
          .
        </li>
      </ol>
      <pre
        tabIndex={0}
        aria-label="Example: an agent asks through the API"
        className="overflow-x-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-800 ring-1 ring-slate-200 ring-inset dark:bg-slate-950 dark:text-slate-200 dark:ring-slate-800"
      >
        {example}
      </pre>
      <div className="flex items-center gap-3">
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            void navigator.clipboard?.writeText(example).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          Copy example
        </Button>
        <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
          {copied ? 'Copied' : ''}
        </span>
      </div>
    </section>
  );
}
