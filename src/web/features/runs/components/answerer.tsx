import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { focusRing } from '../../../components/ui/button';
import { cn } from '../../../components/ui/cn';
import { paths } from '../../../config/paths';
import { ruleListOptions } from '../../rules/api/get-rules';
import { describeAnswerer } from './response-summary';

const link = cn(
  'rounded font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300',
  focusRing,
);

/** A rule that answered, as people name it: "refund_order for cust_123, added by admin", linking to Rules. */
function RuleName({ ruleId }: { ruleId: string }) {
  const rules = useQuery(ruleListOptions());
  const rule = rules.data?.items.find((r) => r.id === ruleId);
  const name = rule
    ? `${rule.tool} for ${rule.customer ?? 'all customers'}, added by ${rule.createdBy}`
    : rules.isSuccess
      ? 'a rule since removed'
      : 'a pre-approval rule';
  return (
    <Link to={paths.rules.getHref()} className={link} title={ruleId}>
      {name}
    </Link>
  );
}

/** Who answered or acted: a username, or the rule that approved it. */
export function Answerer({ answeredBy }: { answeredBy: string | null }) {
  if (answeredBy?.startsWith('rule:')) return <RuleName ruleId={answeredBy.slice(5)} />;
  return <>{describeAnswerer(answeredBy)}</>;
}
