import { useState } from 'react';
import type { Rule } from '../../../../shared/rules';
import { Button } from '../../../components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '../../../components/ui/dialog';
import { toast } from '../../../lib/toast';
import { useDeleteRule } from '../api/delete-rule';

export const describeRule = (rule: Pick<Rule, 'tool' | 'customer'>) =>
  `${rule.tool} for ${rule.customer ?? 'all customers'}`;

export function RemoveRuleButton({ rule }: { rule: Rule }) {
  const [open, setOpen] = useState(false);
  const deleteRule = useDeleteRule();
  const remove = () =>
    deleteRule.mutate(rule.id, {
      onSuccess: () => {
        setOpen(false);
        toast.success(`Rule removed: ${describeRule(rule)}`);
      },
    });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Remove rule ${describeRule(rule)}`}>
          Remove
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Remove this rule?"
        description={
          <>
            Requests for <strong>{rule.tool}</strong> from{' '}
            {rule.customer ? <strong>{rule.customer}</strong> : 'any customer'} will wait for a
            person again.
          </>
        }
      >
        {deleteRule.isError && (
          <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
            {deleteRule.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" onClick={remove} isLoading={deleteRule.isPending}>
            Remove rule
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
