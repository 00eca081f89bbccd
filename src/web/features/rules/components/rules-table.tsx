import type { Rule } from '../../../../shared/rules';
import { formatDateTime } from '../../../lib/format-time';
import { RemoveRuleButton } from './remove-rule-button';

export const NO_RULES = 'No pre-approved tools yet. Every tool call waits for a person.';

type RulesTableProps = { rules: Rule[]; canEdit: boolean };

const th = 'px-3 py-2 text-left text-xs font-medium text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2.5 align-middle';

export function RulesTable({ rules, canEdit }: RulesTableProps) {
  if (rules.length === 0)
    return (
      <p className="rounded-md border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        {NO_RULES}
      </p>
    );
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
      <table className="w-full text-sm">
        <caption className="sr-only">Pre-approved tools</caption>
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            <th scope="col" className={th}>
              Tool
            </th>
            <th scope="col" className={th}>
              Customer
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Created by
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Created
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
              <td className={td}>
                <span className="font-mono text-[13px] break-all text-slate-900 dark:text-slate-100">
                  {rule.tool}
                </span>
                <span className="mt-0.5 block text-xs text-slate-600 sm:hidden dark:text-slate-400">
                  by {rule.createdBy}, {formatDateTime(rule.createdAt)}
                </span>
              </td>
              <td className={td}>
                {rule.customer ?? (
                  <span className="text-slate-600 dark:text-slate-400">All customers</span>
                )}
              </td>
              <td className={`${td} hidden sm:table-cell`}>{rule.createdBy}</td>
              <td
                className={`${td} hidden whitespace-nowrap text-slate-600 sm:table-cell dark:text-slate-400`}
              >
                <time dateTime={rule.createdAt}>{formatDateTime(rule.createdAt)}</time>
              </td>
              {canEdit && (
                <td className={`${td} text-right`}>
                  <RemoveRuleButton rule={rule} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
