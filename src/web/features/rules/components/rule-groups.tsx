import { useId, useMemo, useState } from 'react';
import type { Rule } from '../../../../shared/rules';
import { Input } from '../../../components/ui/input';
import { NO_RULES, RulesTable } from './rules-table';

export const NO_RULE_MATCHES = 'No rule matches this search.';

type RuleGroupsProps = { rules: Rule[]; canEdit: boolean };

function Group({
  title,
  empty,
  children,
}: {
  title: string;
  empty: boolean;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-base font-semibold text-slate-900 dark:text-slate-50">
        {title}
      </h2>
      {empty ? <p className="text-sm text-slate-600 dark:text-slate-400">None.</p> : children}
    </section>
  );
}

/** Rules for everyone, then rules per customer (by customer, then tool), with a search over both. */
export function RuleGroups({ rules, canEdit }: RuleGroupsProps) {
  const [text, setText] = useState('');
  const { everyone, perCustomer } = useMemo(() => {
    const q = text.trim().toLowerCase();
    const shown = q
      ? rules.filter(
          (r) => r.tool.toLowerCase().includes(q) || r.customer?.toLowerCase().includes(q),
        )
      : rules;
    return {
      everyone: shown.filter((r) => r.customer === null),
      perCustomer: shown
        .filter((r) => r.customer !== null)
        .sort((a, b) => a.customer!.localeCompare(b.customer!) || a.tool.localeCompare(b.tool)),
    };
  }, [rules, text]);

  if (rules.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 px-4 py-10 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        {NO_RULES}
      </p>
    );
  }
  return (
    <div className="space-y-6">
      <div role="search" className="flex max-w-md flex-col gap-1">
        <label
          htmlFor="rule-search"
          className="text-xs font-medium text-slate-600 dark:text-slate-400"
        >
          Find a rule
        </label>
        <Input
          id="rule-search"
          type="search"
          value={text}
          maxLength={200}
          autoComplete="off"
          placeholder="Tool or customer"
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      {everyone.length + perCustomer.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{NO_RULE_MATCHES}</p>
      ) : (
        <>
          <Group title="For every customer" empty={everyone.length === 0}>
            <RulesTable
              rules={everyone}
              canEdit={canEdit}
              caption="Rules for every customer"
              showCustomer={false}
            />
          </Group>
          <Group title="For one customer" empty={perCustomer.length === 0}>
            <RulesTable
              rules={perCustomer}
              canEdit={canEdit}
              caption="Rules for one customer"
              showCustomer
            />
          </Group>
        </>
      )}
    </div>
  );
}
