import type { Request } from '../../../../shared/requests';
import type { Role } from '../../../../shared/users';
import { Button } from '../../../components/ui/button';
import { useBulkAnswer } from '../api/bulk-answer';
import { mayAnswer } from './answer-card-props';

type GroupHeaderProps = { group: string; members: readonly Request[]; role: Role | null };

const kindNames: Partial<Record<Request['kind'], [string, string]>> = {
  tool: ['tool call', 'tool calls'],
};

function describeMembers(members: readonly Request[]): string {
  const kinds = new Set(members.map((m) => m.kind));
  const [one, many] = (kinds.size === 1 && kindNames[members[0]!.kind]) || ['request', 'requests'];
  return `${members.length} ${members.length === 1 ? one : many} asked together`;
}

/** Requests the agent asked as one group: how many, and Approve all for the tool calls still waiting. */
export function GroupHeader({ group, members, role }: GroupHeaderProps) {
  const bulk = useBulkAnswer();
  const waiting = members.filter((m) => m.kind === 'tool' && m.status === 'pending');
  const problems = bulk.data?.results.filter(
    (r) => r.outcome !== 'answered' && r.outcome !== 'countersign',
  );
  const counted = bulk.data?.results.filter((r) => r.outcome === 'countersign');
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <span className="font-medium text-slate-900 dark:text-slate-100">
          {describeMembers(members)}
        </span>{' '}
        <span className="font-mono text-xs break-all">({group})</span>
      </p>
      {mayAnswer(role) && waiting.length > 0 && (
        <Button
          size="sm"
          isLoading={bulk.isPending}
          onClick={() =>
            bulk.mutate({
              body: { decision: 'approve', requestIds: waiting.map((m) => m.id) },
              idempotencyKey: crypto.randomUUID(),
            })
          }
        >
          Approve all
        </Button>
      )}
      {bulk.isError && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400">
          {bulk.error.message}
        </p>
      )}
      {(problems?.length || counted?.length) && (
        <ul role="status" className="w-full space-y-0.5 text-sm text-slate-700 dark:text-slate-300">
          {[...(counted ?? []), ...(problems ?? [])].map((r) => (
            <li key={r.requestId}>{r.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
