import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { IssuedAgentToken } from '../../../../shared/agent-tokens';
import { Button } from '../../../components/ui/button';
import { agentTokenListOptions } from '../api/get-agent-tokens';
import { AgentTokensTable } from './agent-tokens-table';
import { CreateTokenForm } from './create-token-form';
import { IssuedToken } from './issued-token';

type AgentTokensSectionProps = { sourceNames: ReadonlyMap<string, string> };

/** Bearer tokens for agents on the native API: create (shown once), see when each was used, revoke. */
export function AgentTokensSection({ sourceNames }: AgentTokensSectionProps) {
  const tokens = useQuery(agentTokenListOptions());
  const [issued, setIssued] = useState<IssuedAgentToken | null>(null);
  return (
    <div className="flex flex-col gap-4">
      {issued && <IssuedToken issued={issued} onDismiss={() => setIssued(null)} />}
      {tokens.isPending ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading tokens…</p>
      ) : tokens.isError ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 text-sm text-red-800 dark:text-red-300"
        >
          <p>Could not load agent tokens: {tokens.error.message}</p>
          <Button variant="secondary" size="sm" onClick={() => void tokens.refetch()}>
            Try again
          </Button>
        </div>
      ) : (
        <AgentTokensTable tokens={tokens.data.items} sourceNames={sourceNames} />
      )}
      <CreateTokenForm onIssued={setIssued} />
    </div>
  );
}
