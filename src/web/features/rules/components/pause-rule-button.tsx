import type { Rule } from '../../../../shared/rules';
import { Button } from '../../../components/ui/button';
import { toast } from '../../../lib/toast';
import { usePauseRule } from '../api/pause-rule';
import { describeRule } from './remove-rule-button';

/** Pauses a rule at once (it decides nothing until resumed); resuming is as quick. */
export function PauseRuleButton({ rule }: { rule: Rule }) {
  const pauseRule = usePauseRule();
  const paused = rule.pausedAt !== null;
  const action = paused ? 'Resume' : 'Pause';
  const toggle = () =>
    pauseRule.mutate(
      { id: rule.id, paused: !paused },
      {
        onSuccess: () =>
          toast.success(`Rule ${paused ? 'resumed' : 'paused'}: ${describeRule(rule)}`),
      },
    );
  return (
    <span className="inline-flex flex-col items-end">
      <Button
        variant="ghost"
        size="sm"
        aria-label={`${action} rule ${describeRule(rule)}`}
        isLoading={pauseRule.isPending}
        onClick={toggle}
      >
        {action}
      </Button>
      {pauseRule.isError && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {pauseRule.error.message}
        </span>
      )}
    </span>
  );
}
