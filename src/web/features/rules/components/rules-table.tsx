import { describeMatch } from '../../../../shared/rule-match';
import { ruleState, type Rule } from '../../../../shared/rules';
import { Badge } from '../../../components/ui/badge';
import { formatAgo, formatDateTime } from '../../../lib/format-time';
import { useNow } from '../../../lib/use-now';
import { PauseRuleButton } from './pause-rule-button';
import { RemoveRuleButton } from './remove-rule-button';

export const NO_RULES = 'No pre-approved tools yet. Every tool call waits for a person.';

type RulesTableProps = {
  rules: Rule[];
  canEdit: boolean;
  caption: string;
  /** Show the customer column (rules for one customer). */
  showCustomer: boolean;
};

const th = 'px-3 py-2 text-left text-xs font-medium text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2.5 align-middle';

function Fired({ rule, now }: { rule: Rule; now: number }) {
  if (rule.firedCount === 0)
    return <span className="text-slate-600 dark:text-slate-400">Never</span>;
  return (
    <>
      <span className="font-medium text-slate-900 dark:text-slate-100">
        {rule.firedCount} {rule.firedCount === 1 ? 'time' : 'times'}
      </span>
      {rule.lastFiredAt && (
        <span className="block text-xs text-slate-600 dark:text-slate-400">
          last{' '}
          <time dateTime={rule.lastFiredAt} title={formatDateTime(rule.lastFiredAt)}>
            {formatAgo(rule.lastFiredAt, now)}
          </time>
        </span>
      )}
    </>
  );
}

const stateTones = { paused: 'amber', expired: 'neutral', 'used up': 'neutral' } as const;

/** Whether the rule still decides, until when, and how many uses it has left. */
function Limits({ rule, now }: { rule: Rule; now: number }) {
  const state = ruleState(rule, new Date(now).toISOString());
  const usesLeft = rule.maxUses === null ? null : Math.max(0, rule.maxUses - rule.firedCount);
  return (
    <>
      {state !== 'active' && (
        <Badge tone={stateTones[state]} className="mb-1 capitalize">
          {state}
        </Badge>
      )}
      <span className="block text-xs text-slate-700 dark:text-slate-300">
        {rule.expiresAt ? (
          <>
            {state === 'expired' ? 'Expired ' : 'Until '}
            <time dateTime={rule.expiresAt}>{formatDateTime(rule.expiresAt)}</time>
          </>
        ) : (
          'No expiry'
        )}
      </span>
      <span className="block text-xs text-slate-700 dark:text-slate-300">
        {usesLeft === null ? 'No use limit' : `${usesLeft} of ${rule.maxUses} uses left`}
      </span>
    </>
  );
}

/** Rules with their scope and limits, who added each and when, and how often each decided on its own. */
export function RulesTable({ rules, canEdit, caption, showCustomer }: RulesTableProps) {
  const now = useNow();
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            {showCustomer && (
              <th scope="col" className={th}>
                Customer
              </th>
            )}
            <th scope="col" className={th}>
              Tool
            </th>
            <th scope="col" className={th}>
              Limits and uses
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Added
            </th>
            {canEdit && (
              <th scope="col" className={th}>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {rules.map((rule) => (
            <tr key={rule.id}>
              {showCustomer && <td className={`${td} break-all`}>{rule.customer}</td>}
              <td className={td}>
                <span className="font-mono text-[13px] break-all text-slate-900 dark:text-slate-100">
                  {rule.tool}
                </span>
                <span className="mt-0.5 block text-xs break-words text-slate-700 dark:text-slate-300">
                  {describeMatch(rule.match) ?? 'Any input'}
                </span>
                {rule.effect === 'countersign' && (
                  <Badge tone="violet" className="mt-1">
                    Needs {rule.approvals} approvals
                  </Badge>
                )}
                <span className="mt-0.5 block text-xs text-slate-600 sm:hidden dark:text-slate-400">
                  by {rule.createdBy}, {formatDateTime(rule.createdAt)}
                </span>
              </td>
              <td className={td}>
                <Limits rule={rule} now={now} />
                <div className="mt-1 text-xs text-slate-700 dark:text-slate-300">
                  {rule.effect === 'countersign' ? 'Held for approvers' : 'Approved on its own'}:{' '}
                  <Fired rule={rule} now={now} />
                </div>
              </td>
              <td className={`${td} hidden sm:table-cell`}>
                <span className="block">by {rule.createdBy}</span>
                <time
                  dateTime={rule.createdAt}
                  className="block text-xs whitespace-nowrap text-slate-600 dark:text-slate-400"
                >
                  {formatDateTime(rule.createdAt)}
                </time>
              </td>
              {canEdit && (
                <td className={`${td} text-right`}>
                  <div className="flex flex-col items-end gap-1 sm:flex-row sm:justify-end">
                    <PauseRuleButton rule={rule} />
                    <RemoveRuleButton rule={rule} />
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
