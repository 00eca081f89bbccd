import type { AgentToken } from '../../../../shared/agent-tokens';
import { formatAgo, formatDateTime } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { RevokeTokenButton } from './revoke-token-button';

export const NO_TOKENS = 'No agent tokens. Create one for each agent that calls the API.';

type AgentTokensTableProps = {
  tokens: AgentToken[];
  sourceNames: ReadonlyMap<string, string>;
};

const th = 'px-3 py-2 text-left text-xs font-medium text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2.5 align-middle';

export function AgentTokensTable({ tokens, sourceNames }: AgentTokensTableProps) {
  const now = useNow();
  if (tokens.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        {NO_TOKENS}
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="w-full text-sm">
        <caption className="sr-only">Agent tokens</caption>
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            <th scope="col" className={th}>
              Name
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Source
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Created
            </th>
            <th scope="col" className={th}>
              Last used
            </th>
            <th scope="col" className={th}>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {tokens.map((token) => (
            <tr key={token.id}>
              <td className={`${td} font-medium break-all text-slate-900 dark:text-slate-100`}>
                {token.name}
              </td>
              <td className={`${td} hidden sm:table-cell`}>
                {sourceNames.get(token.sourceId) ?? token.sourceId}
              </td>
              <td
                className={`${td} hidden whitespace-nowrap text-slate-600 sm:table-cell dark:text-slate-400`}
              >
                <time dateTime={token.createdAt}>{formatDateTime(token.createdAt)}</time>
              </td>
              <td className={`${td} whitespace-nowrap text-slate-600 dark:text-slate-400`}>
                {token.lastUsedAt ? (
                  <time dateTime={token.lastUsedAt} title={formatDateTime(token.lastUsedAt)}>
                    {formatAgo(token.lastUsedAt, now)}
                  </time>
                ) : (
                  'Never'
                )}
              </td>
              <td className={`${td} text-right`}>
                <RevokeTokenButton token={token} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
